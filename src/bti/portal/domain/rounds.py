"""Control rounds: the unit leader checks the unit's active logs three times a year.

A round is named by the day it falls due ("2026-06-15"): the latest of the site's
round days (day and month, e.g. 15 February, 15 June, 15 October) on or before
today. It stays due until the leader closes it; the next round day starts the next
one. Each log in a round gets a checklist (True, False or None: not answered) and a
short note with no names. Absences of staff (sick leave, leave) have a first and a
last day, both inclusive.

Pure functions on plain values; the Plone layer is bti.portal.relaylog.rounds.
"""

from __future__ import annotations

from datetime import date
from datetime import timedelta

import re


DEFAULT_DAYS = ("15-02", "15-06", "15-10")  # DD-MM
CHECKS = ("holder_present", "plan_current", "consents_valid", "next_meeting")
NOTE_MAX = 300  # characters of the note per log
REMIND_EVERY_DAYS = 7  # a due round is in the digest on its day and weekly after

_DAY_MONTH = re.compile(r"^(\d{1,2})[-./](\d{1,2})$")
# Eleven digits in a row (with an optional space after six): a national id.
_NATIONAL_ID = re.compile(r"\d{6}\s?\d{5}")


class RoundError(ValueError):
    """``code`` names the refusal; the Plone layer has its message."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def parse_day_month(text: str) -> tuple[int, int]:
    """(day, month) from "15-02" (or 15.02, 15/2); RoundError when not a real day.

    29 February is refused: a round day must exist every year."""
    match = _DAY_MONTH.match((text or "").strip())
    if not match:
        raise RoundError("round_day_format")
    day, month = int(match.group(1)), int(match.group(2))
    try:
        date(2001, month, day)  # not a leap year
    except ValueError:
        raise RoundError("round_day_format") from None
    return day, month


def round_days(texts) -> list[tuple[int, int]]:
    """The configured days as sorted (month, day) pairs, defaults when none is valid."""
    found = set()
    for text in texts or ():
        try:
            day, month = parse_day_month(text)
        except RoundError:
            continue
        found.add((month, day))
    if not found:
        found = {(m, d) for d, m in map(parse_day_month, DEFAULT_DAYS)}
    return sorted(found)


def due_day(today: date, texts=DEFAULT_DAYS) -> date:
    """The day the current round fell due: the latest round day on or before today."""
    days = round_days(texts)
    for year in (today.year, today.year - 1):
        candidates = [date(year, m, d) for m, d in days if date(year, m, d) <= today]
        if candidates:
            return max(candidates)
    raise AssertionError("unreachable: a round day exists every year")


def next_day(today: date, texts=DEFAULT_DAYS) -> date:
    """The next round day after today."""
    days = round_days(texts)
    for year in (today.year, today.year + 1):
        candidates = [date(year, m, d) for m, d in days if date(year, m, d) > today]
        if candidates:
            return min(candidates)
    raise AssertionError("unreachable: a round day exists every year")


def round_key(day: date) -> str:
    return day.isoformat()


def is_due(today: date, closed: set[str] | frozenset[str], texts=DEFAULT_DAYS) -> bool:
    """Whether the current round (see ``due_day``) is not closed yet."""
    return round_key(due_day(today, texts)) not in closed


def remind_today(today: date, texts=DEFAULT_DAYS) -> bool:
    """A due round goes into the digest on its day and every week after."""
    return (today - due_day(today, texts)).days % REMIND_EVERY_DAYS == 0


def check_values(checks) -> dict[str, bool | None]:
    """The checklist of one log: every key of CHECKS, each true, false or null."""
    if checks is None:
        checks = {}
    if not isinstance(checks, dict):
        raise RoundError("round_checks_invalid")
    unknown = set(checks) - set(CHECKS)
    if unknown:
        raise RoundError("round_checks_invalid")
    values = {}
    for name in CHECKS:
        value = checks.get(name)
        if value is not None and not isinstance(value, bool):
            raise RoundError("round_checks_invalid")
        values[name] = value
    return values


def check_note(note) -> str:
    """The note of one log: short, one paragraph, no national id."""
    if note is None:
        return ""
    if not isinstance(note, str):
        raise RoundError("round_note_invalid")
    note = " ".join(note.split())
    if len(note) > NOTE_MAX:
        raise RoundError("round_note_too_long")
    if _NATIONAL_ID.search(note):
        raise RoundError("round_note_national_id")
    return note


def check_absence(first: date | None, last: date | None) -> tuple[date, date]:
    if first is None or last is None:
        raise RoundError("absence_dates_missing")
    if last < first:
        raise RoundError("absence_dates_order")
    if (last - first) > timedelta(days=366):
        raise RoundError("absence_too_long")
    return first, last


def parse_day(text) -> date | None:
    """An ISO day (YYYY-MM-DD) or None; RoundError for anything else."""
    if text in (None, ""):
        return None
    if not isinstance(text, str):
        raise RoundError("absence_dates_format")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise RoundError("absence_dates_format") from None


def absent_on(absences, day: date) -> bool:
    """Whether any (first, last) period in ``absences`` covers ``day``."""
    return any(first <= day <= last for first, last in absences or ())


def holder_present(holders, staff: set[str], absences: dict, day: date) -> bool | None:
    """Every holder is on the unit's staff list and not absent; None: no holder."""
    holders = list(holders or ())
    if not holders:
        return None
    return all(
        holder in staff and not absent_on(absences.get(holder, ()), day)
        for holder in holders
    )
