"""Which level of the guide a log is on, and when its next level is near.

Pure Python on plain values (like ``bti.portal.domain``): the Plone side
(``entries``) gathers the facts of one log and asks these functions.

- A log being set up (draft) is on level 1: appointing the holder, getting the
  consent and creating the log are the first steps of level 1 in the guide.
- Levels 1-3 are the log's states. A log closed because an individual plan
  takes over is on the guide's IP page (level 4). A passive log (consent
  withdrawn) and a log closed for any other reason follow no level.
- The next level is near when an evaluation is due (an open activity's
  deadline is near or passed), when a meeting is close (meetings evaluate and
  decide the way on), or when the next level's guard already passes (the
  consent for cooperation is there).
"""

from __future__ import annotations

from bti.portal.domain import deadlines
from bti.portal.domain import levels
from collections.abc import Iterable
from datetime import date


IP_LEVEL = 4
LEVEL_OF_STATE = {
    levels.DRAFT: 1,
    levels.LEVEL1: 1,
    levels.LEVEL2: 2,
    levels.LEVEL3: 3,
}
# The transition that moves a log to the next level, where there is one.
NEXT_TRANSITION = {1: "to_level2", 2: "to_level3"}
# How many steps of the next level are shown when it is near.
NEXT_STEPS = 2
# How close a meeting must be to count as "the next level is near".
MEETING_DAYS = deadlines.DUE_SOON_DAYS

EVALUATION_DUE = "evaluation_due"
MEETING_SOON = "meeting_soon"
NEXT_LEVEL_POSSIBLE = "next_level_possible"
NEAR_REASONS = (EVALUATION_DUE, MEETING_SOON, NEXT_LEVEL_POSSIBLE)


def guide_level(state: str, close_reason: str = "") -> int | None:
    """The guide's level for a log in ``state``; None when no level applies."""
    if state == levels.CLOSED and close_reason == "individual_plan":
        return IP_LEVEL
    return LEVEL_OF_STATE.get(state)


def next_level(state: str, level: int | None) -> int | None:
    """The level after ``level`` for an active log (3 leads to the IP)."""
    if state not in levels.ACTIVE_STATES or level is None or level >= IP_LEVEL:
        return None
    return level + 1


def near_reasons(
    *,
    today: date,
    open_deadlines: Iterable[date] = (),
    meetings: Iterable[date] = (),
    next_guard_passes: bool = False,
) -> list[str]:
    """Why the next level is near, in a fixed order; [] when it is not."""
    found = []
    if any(deadlines.flags(day, today) for day in open_deadlines):
        found.append(EVALUATION_DUE)
    if any(0 <= (day - today).days <= MEETING_DAYS for day in meetings):
        found.append(MEETING_SOON)
    if next_guard_passes:
        found.append(NEXT_LEVEL_POSSIBLE)
    return found
