"""What the statistics page and GET @statistics show, for the current user.

Coordinators (and Manager) see every unit of the site and may pick one; a unit
leader sees the units they lead ("View statistics" is granted on the log
folder to Coordinator, UnitLeader and Manager; units acquire it, and the
leaders hold UnitLeader on their units). Only published numbers leave this
module: rounded to the nearest 5, below 5 hidden (bti.portal.domain.statistics).
"""

from __future__ import annotations

from bti.portal.domain import statistics as s
from bti.portal.relaylog.errors import CodedError
from bti.portal.relaylog.statistics import labels
from bti.portal.relaylog.statistics import store
from dataclasses import dataclass
from datetime import date
from plone import api

import csv
import io


VIEW_STATISTICS = "bti.portal: View statistics"
MAX_QUARTERS = 40


class StatisticsError(CodedError):
    messages = labels.ERRORS


@dataclass
class Selection:
    quarters: list
    units: dict  # UID -> title, the units counted
    allowed: dict  # UID -> title, the units the user may choose from
    unit: str = ""  # the one chosen, or "" for all allowed


def allowed_units(folder) -> dict[str, str]:
    """UID -> title of the units the current user may see statistics of."""
    catalog = api.portal.get_tool("portal_catalog")
    everywhere = api.user.has_permission(VIEW_STATISTICS, obj=folder)
    found = {}
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Unit", sort_on="sortable_title"
    ):
        if everywhere or api.user.has_permission(
            VIEW_STATISTICS, obj=brain._unrestrictedGetObject()
        ):
            found[brain.UID] = brain.Title
    return found


def may_view(folder) -> bool:
    return api.user.has_permission(VIEW_STATISTICS, obj=folder) or bool(
        allowed_units(folder)
    )


def _quarter(value, default):
    if value in (None, ""):
        return default
    if not isinstance(value, str):
        raise StatisticsError("stats_quarter_invalid")
    try:
        return s.Quarter.parse(value)
    except ValueError:
        raise StatisticsError("stats_quarter_invalid") from None


def select(folder, form, today: date | None = None) -> Selection:
    """The quarters and units asked for in ``form``; StatisticsError when wrong."""
    default = s.last_quarters(today or date.today())
    first = _quarter(form.get("from"), default[0])
    last = _quarter(form.get("to"), default[-1])
    try:
        quarters = s.quarter_range(first, last, limit=MAX_QUARTERS)
    except ValueError:
        raise StatisticsError("stats_range_invalid") from None
    allowed = allowed_units(folder)
    unit = form.get("unit") or ""
    if not isinstance(unit, str) or (unit and unit not in allowed):
        raise StatisticsError("stats_unit_unknown")
    units = {unit: allowed[unit]} if unit else dict(allowed)
    return Selection(quarters, units, allowed, unit)


def tables(site, selection: Selection) -> dict:
    counts = store.items(site, selection.quarters)
    return s.tables(counts, selection.quarters, list(selection.units))


def label(code: str, selection: Selection | None = None, table: str = "") -> str:
    """A code's text in the reader's language (units: their titles); in a
    table of reasons, codes are reasons ("individual_plan" is a kind too)."""
    if selection is not None and code in selection.allowed:
        return selection.allowed[code]
    if table.startswith("reasons_") and code in labels.REASONS:
        return api.portal.translate(labels.REASONS[code])
    for texts in (labels.KINDS, labels.REASONS, labels.LEVELS, labels.TABLES):
        if code in texts:
            return api.portal.translate(texts[code])
    if code == "total":
        return api.portal.translate(labels.TOTAL)
    return code


def as_json(found: dict, selection: Selection) -> dict:
    """The tables with their codes and texts: the published (rounded)
    numbers only; a hidden number is null."""

    def titled(codes, table=""):
        return [{"id": code, "title": label(code, selection, table)} for code in codes]

    return {
        "quarters": [str(q) for q in selection.quarters],
        "unit": selection.unit or None,
        "units": titled(selection.units),
        "threshold": s.THRESHOLD,
        "rounding": s.BASE,
        "tables": {
            name: {
                **table.as_dict(),
                "title": label(name),
                "rows": titled(table.rows, name),
                "columns": titled(table.cols, name),
            }
            for name, table in found.items()
        },
    }


def as_csv(found: dict, selection: Selection) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in s.csv_rows(found, lambda code, table: label(code, selection, table)):
        writer.writerow([_safe_cell(cell) for cell in row])
    return out.getvalue()


def _safe_cell(text: str) -> str:
    """No formula in a spreadsheet: a cell starting with = + - @ gets a quote."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def csv_filename(selection: Selection) -> str:
    return f"statistics-{selection.quarters[0]}-{selection.quarters[-1]}.csv"
