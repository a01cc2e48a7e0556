"""Oversight dashboard rules: what counts as overdue, expiring, idle or near.

Plain dates in, plain answers out (no Plone). A deadline or "valid until" date is
inclusive: the day itself is still in time.
"""

from __future__ import annotations

from bti.portal.domain import levels
from bti.portal.domain.deadlines import DUE_SOON
from bti.portal.domain.deadlines import flags
from bti.portal.domain.deadlines import OVERDUE
from datetime import date


# Consents that run out within this many days are listed (and expired ones).
CONSENT_WARNING_DAYS = 30
# A log without new or changed items for this many days is idle (site setting).
IDLE_DAYS = 60
# Concerns whose level-0 deadline is this near are listed (and overdue ones).
CONCERN_WARNING_DAYS = 7
EXPIRED = "expired"
EXPIRING = "expiring"
OPEN_ACTIVITY = frozenset({"planned", "started"})
# Logs whose activities, last activity and holders the dashboard watches.
ACTIVE = (levels.DRAFT, levels.LEVEL1, levels.LEVEL2, levels.LEVEL3)
# Logs at a level, whose consents it watches.
SIGNED = (levels.LEVEL1, levels.LEVEL2, levels.LEVEL3)


def consent_flag(
    valid_until: date, day: date, within_days: int = CONSENT_WARNING_DAYS
) -> str | None:
    """``expired`` after the last valid day, ``expiring`` within the window."""
    if day > valid_until:
        return EXPIRED
    if (valid_until - day).days <= within_days:
        return EXPIRING
    return None


def is_idle(last_activity: date | None, day: date, days: int = IDLE_DAYS) -> bool:
    """No item added or changed for at least ``days`` days (unknown: idle)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    return last_activity is None or (day - last_activity).days >= days


def concern_flag(
    deadline: date, day: date, within_days: int = CONCERN_WARNING_DAYS
) -> str | None:
    """``overdue`` after the level-0 deadline, ``due_soon`` within the window."""
    found = flags(deadline, day, within_days=within_days)
    return found[0] if found else None


def activity_overdue(deadline: date | None, status: str, day: date) -> bool:
    """An activity still planned or started whose deadline has passed."""
    return deadline is not None and status in OPEN_ACTIVITY and day > deadline


def next_deadline(deadlines, day: date) -> tuple[date | None, bool]:
    """The earliest open deadline, overdue ones included, and whether it is overdue.

    An activity due 26.11 that is still open is the next deadline on 3.12, not
    one due 17.12.
    """
    earliest = min(deadlines, default=None)
    return earliest, earliest is not None and day > earliest


def days_between(first: date, second: date) -> int:
    return (second - first).days


__all__ = [
    "CONCERN_WARNING_DAYS",
    "CONSENT_WARNING_DAYS",
    "DUE_SOON",
    "EXPIRED",
    "EXPIRING",
    "IDLE_DAYS",
    "OVERDUE",
    "activity_overdue",
    "concern_flag",
    "consent_flag",
    "days_between",
    "is_idle",
    "next_deadline",
]
