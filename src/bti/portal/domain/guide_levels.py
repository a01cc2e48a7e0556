"""The levels of BTI: one set of names for the guide, the labels and the logs.

Every place that names a level reads it from here: the Levels vocabulary (form
labels, filters, search), the guide's level pages and navigator, the titles of
the demo guide's levels and the Stafettlogg's level states. The names are
message ids with English defaults; the catalogs (nb, nn, en, ...) translate
them. A municipality writes its own text *about* a level in the guide; the
level's name stays the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    number: int  # 0-3, and 4 for the individual plan
    badge: str  # what the navigator shows in the circle
    short: str  # message id (English): "Level 1", also the log state's title
    title_msgid: str  # message id of the full name, e.g. "Level 1: ..."
    title: str  # English default of the full name
    log_state: str | None  # the Stafettlogg state at this level, if any


LEVELS: tuple[Level, ...] = (
    Level(0, "0", "Level 0", "level_0", "Level 0: Notice and clarify a concern", None),
    Level(
        1, "1", "Level 1", "level_1", "Level 1: Effort in one's own service", "level1"
    ),
    Level(
        2, "2", "Level 2", "level_2", "Level 2: Interdisciplinary cooperation", "level2"
    ),
    Level(
        3,
        "3",
        "Level 3",
        "level_3",
        "Level 3: Extensive interdisciplinary cooperation",
        "level3",
    ),
    Level(4, "IP", "Individual plan", "level_4", "Individual plan (IP)", None),
)

BY_NUMBER: dict[int, Level] = {level.number: level for level in LEVELS}
BY_LOG_STATE: dict[str, Level] = {
    level.log_state: level for level in LEVELS if level.log_state
}


def level(number: int | None) -> Level | None:
    """The level with this number, or None."""
    return BY_NUMBER.get(number) if isinstance(number, int) else None
