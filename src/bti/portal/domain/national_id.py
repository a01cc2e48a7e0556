"""Norwegian national identity numbers (fødselsnummer and D-number).

Layout: DDMMYY III K1 K2 (birth date, individual number, two mod-11 check digits).

- D-number: the first digit is raised by 4 (day + 40), given to people who are not
  resident. Accepted: the day is taken back down for the birth date.
- H-number: the month is raised by 4 in its first digit (month + 40). These are
  temporary help numbers made by a single health institution, not issued by the
  population register, so they do not identify a child across services, which a
  Stafettlogg must. Decision: rejected by default with reason "h_number";
  ``parse(value, allow_h_number=True)`` accepts them if a caller ever needs to.
- Synthetic test numbers (month + 80, or + 65) fail with reason "date".
- Skatteetaten has announced new check digit rules for numbers issued from 2032;
  this module implements today's rules and needs an update then.

The full number is personal data: errors never carry it, the dataclass repr hides it,
and ``mask`` gives the only form meant for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date

import re


LENGTH = "length"
DIGITS = "digits"
CHECK_DIGIT = "check_digit"
DATE = "date"
H_NUMBER = "h_number"

MESSAGES: dict[str, str] = {
    LENGTH: "A national identity number has 11 digits.",
    DIGITS: "A national identity number has digits only.",
    CHECK_DIGIT: "The national identity number is not valid (check digits).",
    DATE: "The national identity number does not contain a valid birth date.",
    H_NUMBER: "H-numbers (temporary health numbers) are not accepted; use the "
    "national identity number or D-number.",
}

WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

_ASCII_DIGITS = re.compile(r"[0-9]*")


class InvalidNationalId(ValueError):
    """Raised by ``parse``; ``reason`` is one of the codes in MESSAGES."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(MESSAGES[reason])


@dataclass(frozen=True)
class NationalId:
    value: str = field(repr=False)  # the 11 digits: store, never display or log
    birth_date: date
    is_d_number: bool = False
    is_h_number: bool = False

    @property
    def masked(self) -> str:
        return mask(self.value)

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)


def _normalise(value: str | None) -> str:
    """Drop all whitespace, so "010190 12345" is read as typed."""
    return "".join((value or "").split())


def _check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    digit = 11 - remainder
    if digit == 11:
        return 0
    if digit == 10:
        return None  # no valid check digit exists for these digits
    return digit


def check_digits(first_nine: str) -> str | None:
    """The two check digits for the first nine digits, or None if none exist."""
    if len(first_nine) != 9 or not _ASCII_DIGITS.fullmatch(first_nine):
        raise ValueError("nine digits expected")
    k1 = _check_digit(first_nine, WEIGHTS_1)
    if k1 is None:
        return None
    k2 = _check_digit(first_nine + str(k1), WEIGHTS_2)
    if k2 is None:
        return None
    return f"{k1}{k2}"


def century_year(two_digit_year: int, individual: int) -> int | None:
    """Full birth year from the year digits and the individual number (Skatteetaten)."""
    if 0 <= individual <= 499:
        return 1900 + two_digit_year
    if 500 <= individual <= 749 and two_digit_year >= 54:
        return 1800 + two_digit_year
    if 500 <= individual <= 999 and two_digit_year <= 39:
        return 2000 + two_digit_year
    if 900 <= individual <= 999 and two_digit_year >= 40:
        return 1900 + two_digit_year
    return None  # e.g. 750-899 with year 40-99: not issued


def parse(
    value: str | None, *, allow_h_number: bool = False, today: date | None = None
) -> NationalId:
    """Validate ``value`` and return its parts; raise InvalidNationalId(reason).

    Checks, in order: digits, length, check digits, birth date. With ``today``, a
    birth date after that day is also refused ("date").
    """
    digits = _normalise(value)
    if not _ASCII_DIGITS.fullmatch(digits):
        raise InvalidNationalId(DIGITS)
    if len(digits) != 11:
        raise InvalidNationalId(LENGTH)
    if check_digits(digits[:9]) != digits[9:]:
        raise InvalidNationalId(CHECK_DIGIT)

    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    is_d = day > 40
    is_h = month > 40
    if is_d:
        day -= 40
    if is_h:
        month -= 40
    if is_d and is_h:
        raise InvalidNationalId(DATE)
    full_year = century_year(year, int(digits[6:9]))
    if full_year is None:
        raise InvalidNationalId(DATE)
    try:
        birth = date(full_year, month, day)
    except ValueError:
        raise InvalidNationalId(DATE) from None
    if today is not None and birth > today:
        raise InvalidNationalId(DATE)
    if is_h and not allow_h_number:
        raise InvalidNationalId(H_NUMBER)
    return NationalId(digits, birth, is_d_number=is_d, is_h_number=is_h)


def is_valid(value: str | None, **options) -> bool:
    try:
        parse(value, **options)
    except InvalidNationalId:
        return False
    return True


def could_be(digits: str) -> bool:
    """Whether 11 digits may be a national id: both check digits right and a
    day and month that a fødselsnummer, D-number, H-number or synthetic test
    number can have. For masking logs: a transaction id or a byte count that
    merely has 11 digits is not taken for one (1 in ~500 still is)."""
    if len(digits) != 11 or not _ASCII_DIGITS.fullmatch(digits):
        return False
    if check_digits(digits[:9]) != digits[9:]:
        return False
    day, month = int(digits[0:2]), int(digits[2:4])
    days_ok = 1 <= day <= 31 or 41 <= day <= 71
    return days_ok and any(1 <= month - shift <= 12 for shift in (0, 40, 65, 80))


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years on ``day`` (born 29 February: a year older on 1 March)."""
    if day < birth_date:
        raise ValueError("day is before the birth date")
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def mask(value: str | None) -> str:
    """Display form: the first six digits and five stars ("010190*****").

    Anything that does not start with six digits is masked entirely, so a value typed
    into the wrong field is never shown either.
    """
    head = _normalise(value)[:6]
    if len(head) == 6 and _ASCII_DIGITS.fullmatch(head):
        return head + "*" * 5
    return "*" * 11
