"""Field constraints with messages in the product's i18n domain."""

from bti.portal import _
from bti.portal.domain import national_id
from bti.portal.domain import rounds
from zope.schema import ValidationError

import re


class InvalidValue(ValidationError):
    """A value a constraint refused; the message says why, never the value.

    A ValidationError (not a bare Invalid), so REST answers 400 with the
    message, as the edit forms show it, instead of a server error."""

    def doc(self):
        return self.args[0] if self.args else super().doc()


HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
SITE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def is_hex_colour(value: str) -> bool:
    if not HEX_COLOUR.match(value or ""):
        raise InvalidValue(
            _(
                "error_theme_colour",
                default="Write the colour as # and six hex digits, for example "
                "#1d5d7a.",
            )
        )
    return True


def municipality_names(value: list) -> bool:
    names = [name.strip() for name in value or []]
    if any(not name for name in names):
        raise InvalidValue(
            _("error_municipality_empty", default="A municipality name is empty.")
        )
    if len({name.casefold() for name in names}) != len(names):
        raise InvalidValue(
            _("error_municipality_twice", default="A municipality is listed twice.")
        )
    return True


def is_site_id(value: str) -> bool:
    if not SITE_ID.match(value or ""):
        raise InvalidValue(
            _(
                "error_site_id",
                default="Write the site's id as in its address, for example trondelag.",
            )
        )
    return True


def is_round_day(value: str) -> bool:
    """A control round day as DD-MM (bti.portal.domain.rounds)."""
    try:
        rounds.parse_day_month(value)
    except rounds.RoundError:
        raise InvalidValue(
            _(
                "error_round_day",
                default="Write the day as day-month, for example 15-02.",
            )
        ) from None
    return True


def is_email(value: str) -> bool:
    if not EMAIL.match(value or ""):
        raise InvalidValue(
            _(
                "error_email",
                default="Write a whole e-mail address, for example post@kommune.no.",
            )
        )
    return True


# Initials: up to four letters, each followed by a dot (I.B., M.E.K.), so no name
# can be used as a title (titles reach URLs, listings, the catalog).
INITIALS = re.compile(r"^(?:[^\W\d_]\.){1,4}$")
INITIALS_MAX = 8


def initials_constraint(value: str) -> bool:
    if not INITIALS.match(value or ""):
        raise InvalidValue(
            _(
                "error_initials_letters",
                default="Write initials only: up to four letters, each followed by "
                "a dot, for example I.B. or M.E.K.",
            )
        )
    return True


# Free texts in logs and concerns: a limit each, so no text can fill the database.
TEXT_MAX = 10_000  # characters of a text (messages, goals, minutes, reasons...)
LINE_MAX = 200  # characters of a one-line text (titles, places, names)


def max_chars(limit: int):
    """A constraint refusing texts longer than ``limit`` characters."""

    def constraint(value) -> bool:
        if value is not None and len(value) > limit:
            raise InvalidValue(
                _(
                    "error_text_too_long",
                    default="The text is too long: at most ${max} characters "
                    "(now ${length}).",
                    mapping={"max": limit, "length": len(value)},
                )
            )
        return True

    return constraint


text_limit = max_chars(TEXT_MAX)
_line_length = max_chars(LINE_MAX)


def line_limit(value) -> bool:
    """TextLine's own check (no line breaks: False) plus the length limit."""
    if value is not None and ("\n" in value or "\r" in value):
        return False
    return _line_length(value)


NATIONAL_ID_MESSAGES = {
    "length": _(
        "error_nid_length", default="A national identity number has 11 digits."
    ),
    "digits": _(
        "error_nid_digits", default="A national identity number has digits only."
    ),
    "check_digit": _(
        "error_nid_check_digit",
        default="The national identity number is not valid (check digits).",
    ),
    "date": _(
        "error_nid_date",
        default="The national identity number does not contain a valid birth date.",
    ),
    "h_number": _(
        "error_nid_h_number",
        default="Temporary health numbers (H-numbers) are not accepted; use the "
        "national identity number or D-number.",
    ),
}


def national_id_constraint(value: str) -> bool:
    """Fødselsnummer or D-number with valid check digits; the value is never echoed."""
    try:
        national_id.parse(value)
    except national_id.InvalidNationalId as error:
        raise InvalidValue(NATIONAL_ID_MESSAGES[error.reason]) from None
    return True


# The scanned, signed paper consent: a PDF or a picture, not too large.
SCAN_MAX_BYTES = 10 * 1024 * 1024
# What each type's file starts with: the declared type alone is the client's word.
SCAN_SIGNATURES = {
    "application/pdf": b"%PDF-",
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG\r\n\x1a\n",
}


def first_bytes(value, count: int = 8) -> bytes:
    data = getattr(value, "data", b"") or b""
    return bytes(data[:count])


def scanned_form(value) -> bool:
    if value is None:
        return True
    content_type = (getattr(value, "contentType", "") or "").split(";")[0].strip()
    if content_type not in SCAN_SIGNATURES or not first_bytes(value).startswith(
        SCAN_SIGNATURES[content_type]
    ):
        raise InvalidValue(
            _(
                "error_scan_type",
                default="Attach the scanned form as a PDF file or a picture "
                "(JPEG or PNG).",
            )
        )
    if value.getSize() > SCAN_MAX_BYTES:
        raise InvalidValue(
            _(
                "error_scan_size",
                default="The scanned form is larger than 10 MB. Scan it with a "
                "lower resolution or as a PDF.",
            )
        )
    if value.getSize() == 0:
        raise InvalidValue(_("error_scan_empty", default="The attached file is empty."))
    return True
