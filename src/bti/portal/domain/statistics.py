"""Statistics of BTI work: quarters, counting, small-number suppression, CSV, SVG.

Pure Python. An event is counted under a key (quarter, unit UID, level, kind,
reason) with no personal data: no log, no child, no person. The tables built
from the counts never show a number from 1 to 4 (``SUPPRESSED``), and where a
total would let someone work out such a number (one hidden number in a line
with a total), one more number of that line is hidden: the smallest positive
one that is still shown. Totals are hidden only when they are below 5 themselves,
so the same total reads the same in every table.
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
SUPPRESSED = None  # a hidden count in tables
SUPPRESSED_TEXT = "<5"

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


# --- Suppression ------------------------------------------------------------------


def primary(value: int | None) -> bool:
    return value is not None and 0 < value < THRESHOLD


def suppress_line(values: list[int], total: int | None = None) -> tuple[list, object]:
    """The values and total of one line of a table, as shown.

    Numbers from 1 to 4 are hidden (None). When the line has a total and exactly
    one hidden number, the smallest positive number still shown is hidden too,
    so the total cannot give the hidden one back. The total is hidden only when
    it is below 5 itself.
    """
    hidden = [primary(value) for value in values]
    total_hidden = total is not None and primary(total)
    if total is not None and not total_hidden and sum(hidden) == 1:
        shown = [i for i, value in enumerate(values) if value > 0 and not hidden[i]]
        if shown:
            hidden[min(shown, key=lambda i: (values[i], i))] = True
    out = [
        SUPPRESSED if hide else value
        for value, hide in zip(values, hidden, strict=True)
    ]
    if total is None:
        return out, None
    return out, (SUPPRESSED if total_hidden else total)


@dataclass
class Table:
    """A table as shown: ``cells[row][col]`` an int or SUPPRESSED."""

    name: str
    rows: list[str]
    cols: list[str]
    cells: dict[str, dict[str, object]] = field(default_factory=dict)
    row_totals: dict[str, object] = field(default_factory=dict)
    col_totals: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "rows": list(self.rows),
            "columns": list(self.cols),
            "cells": {row: dict(self.cells[row]) for row in self.rows},
            "row_totals": dict(self.row_totals),
            "column_totals": dict(self.col_totals),
        }


def crosstab(
    name: str,
    counts: Mapping[tuple[str, str], int],
    rows: list[str],
    cols: list[str],
    totals: str = "rows",
) -> Table:
    """A table of ``counts`` keyed (row, col), suppressed line by line.

    ``totals``: "rows" (a total per row, the lines are rows) or "cols" (a total
    per column, the lines are columns).
    """
    raw = {row: {col: int(counts.get((row, col), 0)) for col in cols} for row in rows}
    table = Table(name, list(rows), list(cols), {row: {} for row in rows})
    if totals == "rows":
        for row in rows:
            values = [raw[row][col] for col in cols]
            shown, total = suppress_line(values, sum(values))
            table.cells[row] = dict(zip(cols, shown, strict=True))
            table.row_totals[row] = total
    elif totals == "cols":
        for col in cols:
            values = [raw[row][col] for row in rows]
            shown, total = suppress_line(values, sum(values))
            for row, value in zip(rows, shown, strict=True):
                table.cells[row][col] = value
            table.col_totals[col] = total
    else:
        raise ValueError(totals)
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
    The kind totals are the same number in every table.
    """
    chosen = select(counts, quarters, units)
    qs = [str(q) for q in quarters]
    levels = [str(level) for level in LEVELS]
    result = {
        "per_quarter": crosstab(
            "per_quarter", _sum(chosen, lambda k: (k[3], k[0])), list(KINDS), qs
        ),
        "per_level": crosstab(
            "per_level", _sum(chosen, lambda k: (k[3], str(k[2]))), list(KINDS), levels
        ),
        "per_unit": crosstab(
            "per_unit",
            _sum(chosen, lambda k: (k[1], k[3])),
            list(units),
            list(KINDS),
            totals="cols",
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
        result[name] = crosstab(name, by_reason, rows, ["total"], totals="cols")
    return result


def shown(value) -> str:
    """A cell as text: the number, or "<5"."""
    return SUPPRESSED_TEXT if value is SUPPRESSED else str(value)


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
) -> str:
    """A horizontal bar chart as SVG markup: every bar has its label above it
    and its number written after it (no colour carries meaning); a hidden
    number is a dashed outline with ``suppressed_text``.
    ``bars``: (label, int or None)."""
    ident = re.sub(r"[^a-zA-Z0-9_-]", "-", chart_id)
    known = [value for _label, value in bars if value is not SUPPRESSED]
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
        if value is SUPPRESSED:
            width = span * (THRESHOLD - 1) / top / 2
            parts.append(
                f'<rect class="bti-chart-hidden" x="0.5" y="{bar_y + 0.5}" '
                f'width="{width:.1f}" height="{BAR_HEIGHT - 1}" fill="none" '
                f'stroke="currentColor" stroke-dasharray="4 3"/>'
            )
            text = suppressed_text
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
