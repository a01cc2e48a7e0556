"""The units of a dashboard: its filter's choices and logs per unit, a page
at a time.

A coordinator oversees every unit of a region (hundreds of kindergartens,
schools and health stations), so the dashboard names the first
``UNITS_LISTED`` units only, with how many there are; ``@dashboard-units``
and ``@@dashboard-units`` page through them and find one by its name. The
units' records are read once per answer (``UnitTable``); no brain is made.
"""

from bti.portal import _
from bti.portal.relaylog.errors import CodedError
from bti.portal.relaylog.overview import lists
from bti.portal.relaylog.search_words import search_words
from typing import ClassVar


UNITS_LISTED = 20  # units named on the dashboard itself
MAX_QUERY = 100  # characters of a unit name to look for


class UnitTable:
    """Units: UID -> title, UID -> the people on its list, and by title."""

    def __init__(self, rows: tuple):
        self.rows = rows
        self.titles = {uid: title or "" for uid, title, _people in rows}
        self.people = {uid: frozenset(people) for uid, _title, people in rows}
        self.by_title = sorted(
            (title.casefold(), title, uid) for uid, title in self.titles.items()
        )

    def page(self, logs_of, query: str = "", start: int = 0, size=UNITS_LISTED):
        """(rows, how many match): the units whose title holds every word of
        ``query``, by title, from ``start``; each with its logs (``logs_of``)."""
        words = query.casefold().split()
        found = self.by_title
        if words:
            found = [row for row in found if all(word in row[0] for word in words)]
        chosen = found[start : start + size]
        totals = logs_of([uid for _key, _title, uid in chosen])
        rows = [
            {"uid": uid, "title": title, "total": totals.get(uid, 0)}
            for _key, title, uid in chosen
        ]
        return rows, len(found)


_EVERY_UNIT = [None]  # the table of every unit, made of lists.unit_rows()


def unit_table(scope) -> UnitTable:
    """The viewer's units: a unit leader's few, or every unit (made again
    only when lists.unit_rows() reads them again: a unit changed)."""
    if not scope.all_units:
        return UnitTable(lists.unit_rows(scope.led_units))
    rows = lists.unit_rows()
    table = _EVERY_UNIT[0]
    if table is None or table.rows is not rows:
        table = _EVERY_UNIT[0] = UnitTable(rows)
    return table


class UnitQueryError(CodedError):
    messages: ClassVar[dict] = {
        "unit_query_invalid": _(
            "unit_query_invalid",
            default="Search with one unit name of at most ${max} characters.",
            mapping={"max": MAX_QUERY},
        ),
    }


def query_param(form) -> str:
    """``q``: words of a unit's name (at most MAX_QUERY characters); anything
    else (a list, a record, a longer text) is refused."""
    return search_words(form, "q", MAX_QUERY, UnitQueryError("unit_query_invalid"))
