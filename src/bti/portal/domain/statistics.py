"""Statistics of BTI work: quarters, counting, rounding of counts, CSV, SVG.

Pure Python. An event is counted under a key (quarter, unit UID, level, kind,
reason) with no personal data: no log, no child, no person. As statistics
offices do (SSB), the tables publish no true count: 0 is 0, 1 to 4 are hidden
(``SUPPRESSED``, "fewer than 5"), every other count is rounded to the nearest 5,
and every total is the true sum rounded on its own. A total minus a cell (in
one table, or across pages: all units minus one unit) is therefore never an
exact count. Where the published cells and total of a line would still leave
one possible value (4 and 4 hidden, total 8 published as 10: both are 4), the
total is withheld (``WITHHELD``) in every table that shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from html import escape

import re


THRESHOLD = 5  # counts from 1 to THRESHOLD - 1 are never shown
BASE = 5  # every other count is rounded to the nearest multiple of BASE
SUPPRESSED = None  # a count from 1 to 4 in tables
SUPPRESSED_TEXT = "<5"
WITHHELD = ":"  # a total withheld so that no exact count can be worked out
WITHHELD_TEXT = ":"  # as statistics offices write it

CONCERN_NOTED = "concern_noted"
CONCERN_DECIDED = "concern_decided"
LOG_STARTED = "log_started"
ESCALATED = "escalated"  # the log went up a level
PASSIVE = "passive"  # consent withdrawn
CLOSED = "closed"
INDIVIDUAL_PLAN = "individual_plan"  # an individual plan (IP) takes over
KINDS = (
    CONCERN_NOTED,
    CONCERN_DECIDED,
    LOG_STARTED,
    ESCALATED,
    PASSIVE,
    CLOSED,
    INDIVIDUAL_PLAN,
)
# Kinds counted with a reason, and the reasons in the order they are shown.
REASONS = {
    CONCERN_DECIDED: ("close", "start_log", "child_welfare"),
    CLOSED: ("goals_reached", "individual_plan", "consent_withdrawn", "moved"),
}
UNKNOWN_REASON = "unknown"  # e.g. closed before reasons were recorded
LEVELS = (0, 1, 2, 3, 4)  # 0: concern; 1-3: the log's levels; 4: individual plan

QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]?\s*([1-4])\s*$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __post_init__(self):
        if not 1 <= self.number <= 4 or not 1900 <= self.year <= 9999:
            raise ValueError(f"not a quarter: {self.year} {self.number}")

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """ "2026Q4", "2026-Q4", "2026-4"; ValueError otherwise."""
        match = QUARTER.match(text or "")
        if match is None:
            raise ValueError(f"not a quarter: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def shift(self, quarters: int) -> Quarter:
        index = self.year * 4 + self.number - 1 + quarters
        return Quarter(index // 4, index % 4 + 1)


def quarter_range(first: Quarter, last: Quarter, limit: int = 40) -> list[Quarter]:
    """Every quarter from ``first`` to ``last``; ValueError when reversed or long."""
    if last < first:
        raise ValueError("the first quarter is after the last")
    found = [first]
    while found[-1] < last:
        found.append(found[-1].shift(1))
        if len(found) > limit:
            raise ValueError("too many quarters")
    return found


def last_quarters(today: date, count: int = 4) -> list[Quarter]:
    """The ``count`` quarters up to and including today's."""
    last = Quarter.of(today)
    return quarter_range(last.shift(1 - count), last)


def level_of_state(state: str | None) -> int | None:
    """1-3 for "level1".."level3", else None."""
    if state and state.startswith("level") and state[5:].isdigit():
        return int(state[5:])
    return None


def last_level(states: Iterable[str | None]) -> int | None:
    """The last log level in a sequence of states (a workflow history)."""
    found = None
    for state in states:
        level = level_of_state(state)
        if level is not None:
            found = level
    return found


def log_event(
    transition: str, old_state: str | None, new_state: str | None, history=()
) -> tuple[str, int] | None:
    """(kind, level) counted for a log's transition, or None when not counted.

    ``history``: the states the log had before (for the level a passive log
    was at when it is closed).
    """
    old_level, new_level = level_of_state(old_state), level_of_state(new_state)
    if transition == "start":
        return LOG_STARTED, 1
    if transition.startswith("to_level") and new_level and old_level:
        return (ESCALATED, new_level) if new_level > old_level else None
    if transition == "to_individual_plan":
        return INDIVIDUAL_PLAN, old_level or 3
    if transition == "withdraw_consent":
        return PASSIVE, old_level or last_level(history) or 1
    if transition == "close":
        return CLOSED, old_level or last_level(history) or 1
    return None


Key = tuple[str, str, int, str, str]  # quarter, unit, level, kind, reason


def make_key(quarter: Quarter, unit: str, level: int, kind: str, reason=None) -> Key:
    """A counter's key; ValueError for an unknown kind or level."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    return (str(quarter), unit or "", int(level), kind, reason or "")


# --- Rounding and suppression -------------------------------------------------------


def publish(value: int):
    """A true count as published: 0 as 0, 1 to 4 hidden (SUPPRESSED), else
    rounded to the nearest 5 (5-7 -> 5, 8-12 -> 10, 13-17 -> 15, ...)."""
    if value <= 0:
        return 0
    if value < THRESHOLD:
        return SUPPRESSED
    return BASE * ((value + BASE // 2) // BASE)


def bounds(shown_value) -> tuple[int, int]:
    """The true counts a published value can stand for (both inclusive)."""
    if shown_value is SUPPRESSED:
        return 1, THRESHOLD - 1
    if shown_value == 0:
        return 0, 0
    low = max(shown_value - BASE // 2, THRESHOLD)
    return low, shown_value + BASE // 2


def pins(values: Iterable[int]) -> bool:
    """Whether the published numbers of a line and of its total (the true sum,
    rounded on its own) leave a single possible value for a count that is not 0.

    Example: 4 and 4 are both "fewer than 5" and their total 8 is published as
    10; since the total is at least 8, both must be 4.
    """
    ranges = [bounds(publish(v)) for v in values if v]
    if len(ranges) < 2:
        return False  # one count is its total: they read the same
    low_total, high_total = bounds(publish(sum(values)))
    lows = sum(low for low, _high in ranges)
    highs = sum(high for _low, high in ranges)
    for low, high in ranges:
        if max(low, low_total - (highs - high)) >= min(high, high_total - (lows - low)):
            return True
    return max(low_total, lows) >= min(high_total, highs)


def _splits(kind: str) -> list:
    """The lines a kind's total is split into: quarters, levels, units (and reasons)."""
    found = [lambda k: k[0], lambda k: k[2], lambda k: k[1]]
    if kind in REASONS:
        found.append(lambda k: k[4] or UNKNOWN_REASON)
    return found


def withheld(chosen: Iterable[tuple[Key, int]], kind: str) -> bool:
    """Whether the total of ``kind`` over ``chosen`` is withheld: some table
    splitting it would otherwise pin an exact count (see ``pins``).

    Decided from the counts of that total alone, so a number that is the total
    of one page (a quarter, a unit) and a cell of another reads the same on both.
    """
    pairs = [(key, n) for key, n in chosen if key[3] == kind]
    return any(pins(_sum(pairs, split).values()) for split in _splits(kind) if pairs)


def total_of(chosen: Iterable[tuple[Key, int]], kind: str):
    """The published total of ``kind`` over ``chosen``: WITHHELD or rounded."""
    pairs = [(key, n) for key, n in chosen if key[3] == kind]
    if withheld(pairs, kind):
        return WITHHELD
    return publish(sum(n for _key, n in pairs))


def _group(pairs, key_of) -> dict:
    found: dict = {}
    for key, n in pairs:
        found.setdefault(key_of(key), []).append((key, n))
    return found


def hidden(value) -> bool:
    return value is SUPPRESSED or value is WITHHELD


@dataclass
class Table:
    """A table as published: ``cells[row][col]`` a rounded int, SUPPRESSED
    (1 to 4) or WITHHELD (a total that would give a count away)."""

    name: str
    rows: list[str]
    cols: list[str]
    cells: dict[str, dict[str, object]] = field(default_factory=dict)
    row_totals: dict[str, object] = field(default_factory=dict)
    col_totals: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The published numbers only; a hidden one is None."""

        def plain(values):
            return {k: (None if hidden(v) else v) for k, v in values.items()}

        return {
            "name": self.name,
            "rows": list(self.rows),
            "columns": list(self.cols),
            "cells": {row: plain(self.cells[row]) for row in self.rows},
            "row_totals": plain(self.row_totals),
            "column_totals": plain(self.col_totals),
        }


def crosstab(
    name: str,
    counts: Mapping[tuple[str, str], int],
    rows: list[str],
    cols: list[str],
    totals: Mapping[str, object],
    by: str = "rows",
    cell=None,
) -> Table:
    """A table of ``counts`` keyed (row, col), every count published on its own.

    ``totals``: the published total of each line; ``by``: "rows" (the lines
    are rows) or "cols". ``cell(row, col, count)``: the published cell
    (default ``publish(count)``).
    """
    if by not in ("rows", "cols"):
        raise ValueError(by)
    cell = cell or (lambda _row, _col, n: publish(n))
    table = Table(name, list(rows), list(cols), {row: {} for row in rows})
    for row in rows:
        for col in cols:
            table.cells[row][col] = cell(row, col, int(counts.get((row, col), 0)))
    lines = table.row_totals if by == "rows" else table.col_totals
    for line in rows if by == "rows" else cols:
        lines[line] = totals[line]
    return table


# --- The tables of a selection ------------------------------------------------------


def select(
    counts: Iterable[tuple[Key, int]], quarters: list[Quarter], units=None
) -> list[tuple[Key, int]]:
    """The counts in ``quarters`` (and of ``units``, when given)."""
    wanted = {str(q) for q in quarters}
    units = None if units is None else set(units)
    return [
        (key, n)
        for key, n in counts
        if key[0] in wanted and (units is None or key[1] in units) and n
    ]


def _sum(pairs, key_of) -> dict:
    found: dict = {}
    for key, n in pairs:
        k = key_of(key)
        if k is not None:
            found[k] = found.get(k, 0) + n
    return found


def tables(
    counts: Iterable[tuple[Key, int]], quarters: list[Quarter], units: list[str]
) -> dict[str, Table]:
    """The tables a statistics page shows, for ``units`` in ``quarters``.

    - per_quarter: kinds x quarters, with a total per kind (the charts);
    - reasons_<kind>: reasons x one column "total" with the kind's total;
    - per_level: kinds x levels, with a total per kind;
    - per_unit: units x kinds, with a total per kind.
    Every count is rounded on its own and every total is the true sum rounded
    on its own, so no difference of published numbers is an exact count. A
    kind's total is the same number in every table. A cell of a quarter (or
    of a unit) is withheld exactly when that quarter's (unit's) own page
    withholds it as its total.
    """
    chosen = select(counts, quarters, units)
    qs = [str(q) for q in quarters]
    levels = [str(level) for level in LEVELS]
    totals = {kind: total_of(chosen, kind) for kind in KINDS}
    by_quarter = _group(chosen, lambda k: (k[3], k[0]))
    by_unit = _group(chosen, lambda k: (k[3], k[1]))

    def quarter_cell(kind, quarter, _n):
        return total_of(by_quarter.get((kind, quarter), ()), kind)

    def unit_cell(unit, kind, _n):
        return total_of(by_unit.get((kind, unit), ()), kind)

    result = {
        "per_quarter": crosstab(
            "per_quarter",
            _sum(chosen, lambda k: (k[3], k[0])),
            list(KINDS),
            qs,
            totals,
            cell=quarter_cell,
        ),
        "per_level": crosstab(
            "per_level",
            _sum(chosen, lambda k: (k[3], str(k[2]))),
            list(KINDS),
            levels,
            totals,
        ),
        "per_unit": crosstab(
            "per_unit",
            _sum(chosen, lambda k: (k[1], k[3])),
            list(units),
            list(KINDS),
            totals,
            by="cols",
            cell=unit_cell,
        ),
    }
    for kind, reasons in REASONS.items():
        by_reason = _sum(
            chosen,
            lambda k, kind=kind: (
                ((k[4] or UNKNOWN_REASON), "total") if k[3] == kind else None
            ),
        )
        rows = [*reasons, *sorted({r for r, _c in by_reason} - set(reasons))]
        name = f"reasons_{kind}"
        result[name] = crosstab(
            name, by_reason, rows, ["total"], {"total": totals[kind]}, by="cols"
        )
    return result


def shown(value) -> str:
    """A cell as text: the number, "<5" or ":" (withheld)."""
    if value is SUPPRESSED:
        return SUPPRESSED_TEXT
    if value is WITHHELD:
        return WITHHELD_TEXT
    return str(value)


def csv_rows(
    found: Mapping[str, Table], label=lambda text, table="": text
) -> list[list[str]]:
    """One row per shown cell: table, row, column, value ("<5" when hidden);
    totals as column (or row) "total". ``label(code, table name)`` translates
    codes."""
    rows = [["table", "row", "column", "value"]]
    for table in found.values():
        for row in table.rows:
            for col in table.cols:
                rows.append([
                    table.name,
                    label(row, table.name),
                    label(col, table.name),
                    shown(table.cells[row][col]),
                ])
            if row in table.row_totals:
                rows.append([
                    table.name,
                    label(row, table.name),
                    "total",
                    shown(table.row_totals[row]),
                ])
        for col in table.cols:
            if col in table.col_totals:
                rows.append([
                    table.name,
                    "total",
                    label(col, table.name),
                    shown(table.col_totals[col]),
                ])
    return rows


# --- An accessible SVG bar chart ------------------------------------------------------

CHART_WIDTH = 360
LABEL_HEIGHT = 20  # the bar's label, on its own line above the bar
BAR_HEIGHT = 22
GAP = 12
VALUE_SPACE = 110  # room for the number (or "fewer than 5") after the bar


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    bars: list[tuple[str, object]],
    suppressed_text: str = SUPPRESSED_TEXT,
    withheld_text: str = WITHHELD_TEXT,
) -> str:
    """A horizontal bar chart as SVG markup: every bar has its label above it
    and its number written after it (no colour carries meaning); a hidden
    number is a dashed outline with ``suppressed_text`` (or ``withheld_text``).
    ``bars``: (label, int, SUPPRESSED or WITHHELD)."""
    ident = re.sub(r"[^a-zA-Z0-9_-]", "-", chart_id)
    known = [value for _label, value in bars if not hidden(value)]
    top = max([THRESHOLD, *known])
    span = CHART_WIDTH - VALUE_SPACE
    row = LABEL_HEIGHT + BAR_HEIGHT + GAP
    height = len(bars) * row
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bti-chart" role="img" '
        f'id="{ident}" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]
    for index, (label, value) in enumerate(bars):
        y = index * row
        bar_y = y + LABEL_HEIGHT
        middle = bar_y + BAR_HEIGHT / 2
        parts.append(
            f'<text class="bti-chart-label" x="0" y="{y + LABEL_HEIGHT - 5}">'
            f"{escape(label)}</text>"
        )
        if hidden(value):
            width = span * (THRESHOLD - 1) / top / 2
            parts.append(
                f'<rect class="bti-chart-hidden" x="0.5" y="{bar_y + 0.5}" '
                f'width="{width:.1f}" height="{BAR_HEIGHT - 1}" fill="none" '
                f'stroke="currentColor" stroke-dasharray="4 3"/>'
            )
            text = suppressed_text if value is SUPPRESSED else withheld_text
        else:
            width = span * value / top
            parts.append(
                f'<rect class="bti-chart-bar" x="0" y="{bar_y}" '
                f'width="{width:.1f}" height="{BAR_HEIGHT}"/>'
            )
            text = str(value)
        parts.append(
            f'<text class="bti-chart-value" x="{width + 6:.1f}" '
            f'y="{middle}" dominant-baseline="middle">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
