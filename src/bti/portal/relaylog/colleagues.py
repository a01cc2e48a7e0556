"""Colleagues to choose on a log's staff pages (hand over the log, add a
participant).

The log's own unit's people are offered in full; people on the other units
(hundreds of units in a region) are found by name, at most ``SHOWN`` at a
time, so the pages do not grow with the region. Who is on which unit comes
from the units' rows (``lists.unit_rows``: read again only once a unit
changed); names are read only for the people a search looks at; only the
units of the people shown are woken, for their absences.
"""

from bti.portal import _
from bti.portal.domain import rounds as r
from bti.portal.relaylog.errors import CodedError
from bti.portal.relaylog.overview import lists
from bti.portal.relaylog.rounds.staff import absences
from bti.portal.relaylog.search_words import search_words
from bti.portal.users import fullname
from dataclasses import dataclass
from datetime import date
from plone import api
from typing import ClassVar


SHOWN = 20  # people from other units offered at a time
MAX_QUERY = 100  # characters of a name to look for
QUERY = "who"  # the search's form field


@dataclass(frozen=True)
class Colleagues:
    unit: tuple[dict, ...]  # the log's unit's people: {"id", "title", "absent"}
    others: tuple[dict, ...]  # people on other units whose name holds the words
    others_total: int  # how many match (with no words: how many there are)
    query: str

    @property
    def any(self) -> bool:
        return bool(self.unit or self.others)

    @property
    def more(self) -> int:
        """Matches left out (write more of the name)."""
        return self.others_total - len(self.others)


class ColleagueQueryError(CodedError):
    messages: ClassVar[dict] = {
        "colleague_query_invalid": _(
            "colleague_query_invalid",
            default="Search with one name of at most ${max} characters.",
            mapping={"max": MAX_QUERY},
        ),
    }


def query_param(form) -> str:
    """The search (``who``): words of a name; a list, a record, a text that
    is too long or was not UTF-8 is refused."""
    error = ColleagueQueryError("colleague_query_invalid")
    return search_words(form, QUERY, MAX_QUERY, error)


def listed() -> set[str]:
    """Everyone on some unit's list (leaders, resource persons, staff)."""
    found: set[str] = set()
    for _uid, _title, people in lists.unit_rows():
        found.update(people)
    return found


def _units_of(user_ids) -> set[str]:
    wanted = set(user_ids)
    return {uid for uid, _title, people in lists.unit_rows() if wanted & set(people)}


def absent_among(user_ids, day: date | None = None) -> set[str]:
    """Those of ``user_ids`` a unit they are listed on marks absent on ``day``
    (today); only those units are woken."""
    wanted = set(user_ids)
    if not wanted:
        return set()
    day = day or date.today()
    catalog = api.portal.get_tool("portal_catalog")
    away: set[str] = set()
    uids = list(_units_of(wanted))
    if not uids:
        return away
    for brain in catalog.unrestrictedSearchResults(portal_type="Unit", UID=uids):
        for user_id, periods in absences(brain._unrestrictedGetObject()).items():
            if user_id in wanted and r.absent_on(periods, day):
                away.add(user_id)
    return away


def _person(user_id: str) -> dict:
    return {"id": user_id, "title": fullname(user_id)}


def _existing(people: list[dict], most: int | None = None) -> list[dict]:
    """``people`` whose login still exists (a unit's list may keep a removed
    one), at most ``most``; only those looked at are looked up."""
    found = []
    for person in people:
        if most is not None and len(found) >= most:
            break
        if api.user.get(userid=person["id"]) is not None:
            found.append(person)
    return found


def _by_name(people: list[dict]) -> list[dict]:
    return sorted(people, key=lambda person: (person["title"].casefold(), person["id"]))


def choose(log_unit_uid: str | None, exclude, query: str = "") -> Colleagues:
    """The colleagues to offer: the unit's people (not ``exclude``), and the
    people on other units whose name holds every word of ``query``."""
    exclude = set(exclude)
    rows = lists.unit_rows()
    own = {p for uid, _t, people in rows if uid == log_unit_uid for p in people}
    others = listed() - own - exclude
    unit = _existing(_by_name([_person(user_id) for user_id in own - exclude]))
    words = query.casefold().split()
    found: list[dict] = []
    if words:
        for user_id in others:
            person = _person(user_id)
            if all(word in person["title"].casefold() for word in words):
                found.append(person)
        found = _by_name(found)
    shown = _existing(found, SHOWN)
    away = absent_among([person["id"] for person in unit + shown])

    def marked(people: list[dict]) -> tuple[dict, ...]:
        return tuple({**person, "absent": person["id"] in away} for person in people)

    return Colleagues(
        unit=marked(unit),
        others=marked(shown),
        others_total=len(found) if words else len(others),
        query=query,
    )
