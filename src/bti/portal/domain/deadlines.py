"""Deadlines: the level-0 concern deadline, due/overdue flags, invitation expiry.

All functions take ``datetime.date`` values (convert datetimes with ``.date()`` first).
A deadline or "valid until" date is inclusive: the day itself is still in time.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from datetime import timedelta


# How long an invitation to join a log as participant stays valid (seed 002).
INVITATION_MONTHS = 1
# Default warning window for "due soon" flags.
DUE_SOON_DAYS = 7

OVERDUE = "overdue"
DUE_SOON = "due_soon"
INVITATION_EXPIRED = "invitation_expired"

MESSAGES: dict[str, str] = {
    OVERDUE: "The deadline has passed.",
    DUE_SOON: "The deadline is near.",
    INVITATION_EXPIRED: "The invitation has expired; send a new one.",
}


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def concern_deadline(noticed: date, level0_days: int) -> date:
    """Latest day for the level-0 decision: noticed date + the site's level-0 days."""
    if level0_days < 1:
        raise ValueError("level0_days must be at least 1")
    return noticed + timedelta(days=level0_days)


def is_overdue(deadline: date, day: date, *, done: bool = False) -> bool:
    """True when ``day`` is after the deadline and the thing is not done."""
    return not done and day > deadline


def is_due_soon(
    deadline: date, day: date, *, within_days: int = DUE_SOON_DAYS, done: bool = False
) -> bool:
    """True when not done, not overdue, and at most ``within_days`` days remain."""
    return not done and 0 <= (deadline - day).days <= within_days


def flags(
    deadline: date, day: date, *, within_days: int = DUE_SOON_DAYS, done: bool = False
) -> list[str]:
    """The deadline codes that apply on ``day``: [], ["due_soon"] or ["overdue"]."""
    if is_overdue(deadline, day, done=done):
        return [OVERDUE]
    if is_due_soon(deadline, day, within_days=within_days, done=done):
        return [DUE_SOON]
    return []


def invitation_valid_until(sent: date) -> date:
    """Last day an invitation sent on ``sent`` can be accepted (one month later)."""
    return add_months(sent, INVITATION_MONTHS)


def invitation_expired(sent: date, day: date) -> bool:
    return day > invitation_valid_until(sent)
