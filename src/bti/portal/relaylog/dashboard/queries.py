"""The dashboard's data, from the catalog only (no log is loaded).

Logs in scope: ``bti_overview_roles`` names the viewer (as allowedRolesAndUsers
does for View), narrowed to the viewer's units. Overdue activities and consents
running out are asked of the logs' own dates (``bti_open_deadline``,
``bti_consent_until``: log_dates.py); a row's items are found by path
(activities sit in a goal, two levels down; consents directly in the log).
Rows carry ids, initials, dates, states and holders' names, never a child's or
parent's name. Logs and items are handled as catalog record ids (records.py):
counts come from index sets, lists read a few metadata columns per record and
make brains only for the rows of the page asked for.
"""

from bti.portal.catalog import inside
from bti.portal.catalog import meta
from bti.portal.catalog import path_of
from bti.portal.domain import dashboard as rules
from bti.portal.domain import levels
from bti.portal.domain import permissions as p
from bti.portal.relaylog.dashboard import log_dates
from bti.portal.relaylog.dashboard.records import as_set
from bti.portal.relaylog.dashboard.records import Records
from bti.portal.relaylog.dashboard.units import unit_table
from bti.portal.relaylog.dashboard.units import UNITS_LISTED
from bti.portal.relaylog.dashboard.whole_site import every_log_lists
from bti.portal.relaylog.dashboard.whole_site import site_lists
from bti.portal.relaylog.overview import lists
from bti.portal.relaylog.workflow.transitions import state_title
from bti.portal.settings import get_settings
from BTrees.IIBTree import difference
from BTrees.IIBTree import IISet
from BTrees.IIBTree import intersection
from BTrees.IIBTree import multiunion
from datetime import date
from datetime import timedelta
from itertools import chain
from itertools import islice
from plone import api


ACTIVE, SIGNED = rules.ACTIVE, rules.SIGNED
SMALL_SCOPE = 1000  # active logs checked one by one (a unit has about 250)
FEW_UNITS = 20  # a leader's units: their concerns looked up one by one
EARLIEST = date(1900, 1, 1)
LISTS = (
    "overdue_activities",
    "consents",
    "idle_logs",
    "holders_missing",
    "offers_pending",
    "concerns",
)


def _catalog():
    return api.portal.get_tool("portal_catalog")


def idle_days() -> int:
    try:
        return get_settings().idle_log_days or rules.IDLE_DAYS
    except (KeyError, AttributeError):  # before the 1016 upgrade
        return rules.IDLE_DAYS


def scope_rids(records: Records, folder, scope, unit: str = "") -> IISet:
    """The record ids of the logs in the viewer's scope (no brain is made).
    A few units (a leader's, a unit filter): their logs found by unit and
    role, then kept if they are logs directly in ``folder``, so no set of
    every log of the site is intersected (it grew with the site)."""
    units = scope.units(unit)
    if units == []:
        return IISet()
    if units is None:
        return records.rids(
            portal_type="RelayLog",
            path=inside(folder),
            bti_overview_roles=list(scope.principals),
        )
    site = every_log_lists(records, scope)
    if site is not None:  # oversees every log: the units' kept lists
        found = site.logs_in(units)
    else:
        found = records.rids(bti_unit=units, bti_overview_roles=list(scope.principals))
    return records.logs_directly_in(path_of(folder), found)


def _log_ref(log, units: dict) -> dict:
    unit = meta(log, "bti_unit", "")
    state = meta(log, "review_state", "")
    return {
        "@id": log.getURL(),
        "uid": log.UID,
        "initials": log.Title,
        "unit": {"uid": unit, "title": units.get(unit, "")},
        "review_state": state,
        "state_title": state_title(state) if state else "",
    }


def counted(states: dict, total: int) -> dict:
    """The board's counts: logs by state and in all (per unit: ``units``)."""
    by_state = dict.fromkeys(levels.STATES, 0)
    by_state.update(states)
    return {
        "total": total,
        "by_state": [
            {"id": state, "title": state_title(state), "count": count}
            for state, count in by_state.items()
        ],
    }


class Window:
    """Rows ``start`` to ``start + size`` (None: all) of a list; the rows are
    made for the window only, ``total`` counts them all."""

    def __init__(self, start: int = 0, size: int | None = None):
        self.start, self.size = start, size

    def bounds(self, total: int) -> tuple[int, int]:
        """(start, end) of the window in a list of ``total`` rows."""
        end = total if self.size is None else min(total, self.start + self.size)
        return min(self.start, end), end

    def cut(self, keyed: list) -> tuple[list, int]:
        """``keyed``: (sort key, rid, extra) tuples, sorted here."""
        keyed.sort(key=lambda item: item[0])
        end = None if self.size is None else self.start + self.size
        return keyed[self.start : end], len(keyed)


def _ordered(records, index_name: str, among, window: Window) -> list[int]:
    """The window's rids of ``among`` by their value in ``index_name``, then
    by rid (a day holds hundreds of logs of a large site: no path is read)."""
    bounds = window.bounds(len(among))
    return records.ordered(index_name, among, *bounds, by_path=False)


def _at_most(records, index_name: str, among, value) -> IISet:
    """The rids of ``among`` whose date in ``index_name`` is ``value`` or
    earlier: a small scope looks its own logs up in the index; a large one
    asks the index's range (every log of the site) and intersects."""
    if len(among) <= SMALL_SCOPE:
        return records.at_most(index_name, among, value)
    found = records.rids(**{index_name: {"query": value, "range": "max"}})
    return intersection(among, found) or IISet()


def overdue_activities(records, active, units, day, window) -> tuple:
    """Active logs with an open activity past its deadline, the longest overdue
    first (``bti_open_deadline`` on the log: no activity of other logs is
    read); per row the earliest deadline and how many are overdue."""
    logs = _at_most(records, "bti_open_deadline", active, day - timedelta(days=1))
    shown = _ordered(records, "bti_open_deadline", logs, window)
    return overdue_rows(records, shown, units, day), len(logs)


def overdue_rows(records, shown, units, day) -> list[dict]:
    rows = []
    for rid in shown:
        deadlines = [
            deadline
            for deadline in log_dates.cataloged_open_deadlines(records, rid)
            if day > deadline
        ]
        deadline = min(deadlines, default=None)
        if deadline is None:  # the catalog's items lag the log (not committed)
            continue
        # No responsible person: it may be a parent, whose name is not for
        # oversight roles.
        rows.append({
            "log": _log_ref(records.brain(rid), units),
            "deadline": deadline.isoformat(),
            "days_overdue": rules.days_between(deadline, day),
            "activities": len(deadlines),
        })
    return rows


def consents(records, signed, units, day, window) -> tuple:
    """Logs at a level whose latest dated consent runs out within 30 days or
    has (``bti_consent_until`` on the log), the earliest end first."""
    until = day + timedelta(days=rules.CONSENT_WARNING_DAYS)
    logs = _at_most(records, "bti_consent_until", signed, until)
    shown = _ordered(records, "bti_consent_until", logs, window)
    return consent_rows(records, shown, units, day), len(logs)


def consent_rows(records, shown, units, day) -> list[dict]:
    rows = []
    for rid in shown:
        until = max(
            (
                records.value(item, "bti_consent_expiry")
                for item in records.children(rid, "Consent")
                if records.value(item, "bti_consent_expiry") is not None
            ),
            default=None,
        )
        if until is None or not rules.consent_flag(until, day):
            continue
        rows.append({
            "log": _log_ref(records.brain(rid), units),
            "valid_until": until.isoformat(),
            "flag": rules.consent_flag(until, day),
        })
    return rows


def idle_logs(records, active, units, day, days, window) -> tuple:
    """Logs without a known last activity (first), then those whose last
    activity is ``days`` or more ago, oldest first (rules.is_idle): from the
    index, reading only the rows of the window."""
    column = "bti_last_activity"
    if len(active) <= SMALL_SCOPE:
        dated = records.with_a_value(column, active)
    else:
        dated = records.rids(**{column: {"query": EARLIEST, "range": "min"}})
    never = difference(active, dated) or IISet()
    old = _at_most(records, column, active, day - timedelta(days=days))
    total = len(never) + len(old)
    shown = islice(chain(never, records.walk(column, old)), *window.bounds(total))
    return idle_rows(records, shown, units, day), total


def idle_rows(records, shown, units, day) -> list[dict]:
    rows = []
    for rid in shown:
        last = records.value(rid, "bti_last_activity")
        rows.append({
            "log": _log_ref(records.brain(rid), units),
            "last_activity": last.isoformat() if last else None,
            "idle_days": rules.days_between(last, day) if last else None,
        })
    return rows


def _holder_suspects(records: Records, active, people: dict) -> IISet:
    """The active logs that may lack a holder on the unit's list, from the
    indexes: no holder at all, or a holder in a log of a unit that does not
    list them. A superset: each is checked as before."""
    by_unit = records.index_sets("bti_unit")
    units_of: dict[str, list[str]] = {}
    for unit, staff in people.items():
        for user_id in staff:
            units_of.setdefault(user_id, []).append(unit)
    listed: dict[tuple, IISet] = {}  # the logs of a set of units, made once
    held, suspects = [], []
    for user_id, found in records.index_sets("bti_holder").items():
        found = as_set(found)
        held.append(found)
        units = tuple(units_of.get(user_id, ()))
        if units not in listed:
            listed[units] = multiunion([as_set(by_unit.get(u)) for u in units])
        # Held outside the holder's units first (two small sets), then only
        # those few are looked up in the scope: no walk over the scope.
        outside = difference(found, listed[units])
        if outside:
            suspects.append(IISet(rid for rid in outside if rid in active))
    return multiunion([difference(active, multiunion(held)), *suspects])


def holders_missing(records, active, table, window) -> tuple:
    """Logs without a holder, or whose holder is no longer listed on the unit
    (``table``: the viewer's units, whose logs ``active`` are). A scope of a
    few units (a unit leader's) checks each of its logs; a larger one narrows
    them by sets first."""
    people = table.people
    if len(active) <= SMALL_SCOPE:
        suspects = active
    else:
        suspects = _holder_suspects(records, active, people)
    return holder_rows(records, suspects, people, table.titles, window)


def holder_rows(records, suspects, people: dict, units, window) -> tuple:
    """The rows of the ``suspects`` whose holders are gone or missing."""
    keyed = []
    for rid in suspects:
        holders, unit = records.values(rid, "bti_holder", "bti_unit")
        holders = list(holders or ())
        staff = people.get(unit or "", set())
        gone = [user_id for user_id in holders if user_id not in staff]
        if gone or not holders:
            title = (records.value(rid, "Title", "") or "").lower()
            keyed.append(((title, rid), rid, (holders, gone)))
    rows, total = window.cut(keyed)
    return [
        {
            "log": _log_ref(records.brain(rid), units),
            "holders": [lists.person(user_id) for user_id in gone],
            "reason": "left_unit" if holders else "no_holder",
        }
        for _key, rid, (holders, gone) in rows
    ], total


def offers_pending(records, logs, units, day, window) -> tuple:
    """Logs with an open handover offer (``bti_offer_to`` names someone);
    ``logs`` None: every log of the site."""
    offered = multiunion([
        as_set(found) for to, found in records.index_sets("bti_offer_to").items() if to
    ])
    keyed = []
    for rid in offered if logs is None else intersection(logs, offered) or ():
        sent = records.value(rid, "bti_offer_sent")
        if sent is not None:
            keyed.append(((sent.isoformat(), rid), rid, sent))
    rows, total = window.cut(keyed)
    return [
        {
            "log": _log_ref(records.brain(rid), units),
            "sent": sent.isoformat(),
            "days": rules.days_between(sent, day),
        }
        for _key, rid, sent in rows
    ], total


def concerns(records, folder, scope, units, day, window, unit="") -> tuple:
    """Open concerns near or past their level-0 deadline, earliest first; links
    where the viewer may open them (their unit's leaders; a coordinator sees
    the line only)."""
    wanted = scope.units(unit)
    if wanted == []:
        return [], 0
    query = {
        "portal_type": "Concern",
        "path": inside(folder),
        "review_state": p.CONCERN_OPEN,
        "bti_deadline": {
            "query": day + timedelta(days=rules.CONCERN_WARNING_DAYS),
            "range": "max",
        },
    }
    if wanted is not None:
        query["bti_unit"] = wanted
        if len(wanted) <= FEW_UNITS:  # their records, each looked up
            found = _open_concerns(records, folder, wanted, query["bti_deadline"])
            shown = _ordered(records, "bti_deadline", found, window)
            return concern_rows(records, shown, scope, units, day), len(found)
    # Every one found is flagged (deadline at most the window's end): counted
    # by the set, and only the page's read, in the deadline index's order (its
    # days: activities share the index, a day's set is met once).
    found = records.rids(**query)
    shown = _ordered(records, "bti_deadline", found, window)
    return concern_rows(records, shown, scope, units, day), len(found)


def _open_concerns(records, folder, wanted, deadline: dict) -> IISet:
    """The open concerns of the units ``wanted`` directly in ``folder``, due
    by ``deadline["query"]``: the units' records looked up one by one instead
    of intersecting every concern of the site (that grew with the site)."""
    of_units = multiunion([
        as_set(records.index_sets("bti_unit").get(u)) for u in wanted
    ])
    folder_path = path_of(folder)
    return IISet(
        rid
        for rid in records.at_most("bti_deadline", of_units, deadline["query"])
        if records.value(rid, "portal_type") == "Concern"
        and records.value(rid, "review_state") == p.CONCERN_OPEN
        and records.path(rid).rpartition("/")[0] == folder_path
    )


def concern_rows(records, shown, scope, units, day) -> list[dict]:
    rows = []
    for rid in shown:
        deadline = records.value(rid, "bti_deadline")
        flag = rules.concern_flag(deadline, day) if deadline else None
        if flag is not None:
            rows.append(_concern_row(records.brain(rid), scope, units, deadline, flag))
    return rows


def _concern_row(brain, scope, units: dict, deadline: date, flag: str) -> dict:
    concern_unit = meta(brain, "bti_unit", "")
    return {
        "@id": brain.getURL() if scope.leads(concern_unit) else None,
        "uid": brain.UID,
        "initials": brain.Title,
        "unit": {"uid": concern_unit, "title": units.get(concern_unit, "")},
        "deadline": deadline.isoformat(),
        "flag": flag,
    }


def board(
    folder,
    scope,
    unit: str = "",
    day: date | None = None,
    start: int = 0,
    size: int | None = None,
) -> dict:
    """Everything on the dashboard; every list from ``start``, ``size`` rows
    (None: all), and ``totals``: how many rows each list has in all."""
    day = day or date.today()
    # A unit leader's logs and concerns are their units' only: no need for
    # every unit of the site.
    table = unit_table(scope)
    records = Records(_catalog())
    window = Window(start, size)
    site = site_lists(records, scope, unit)
    if site is not None:
        totals, found = site_board(records, site, scope, table, day, window)
        logs_of = unit_logs(records, folder, scope)
    else:
        logs = scope_rids(records, folder, scope, unit)
        totals, found = scoped_board(
            records, folder, scope, unit, logs, table, day, window
        )
        # Without a filter the board's scope is the units' scope: asked once.
        logs_of = unit_logs(records, folder, scope, None if unit else logs)
    named, units_total = table.page(logs_of, size=UNITS_LISTED)
    return {
        "day": day.isoformat(),
        "idle_days": idle_days(),
        "units": {"items": named, "items_total": units_total},
        "unit": unit,
        "unit_title": table.titles.get(unit, "") if unit else "",
        "counts": totals,
        **{name: rows for name, (rows, _total) in found.items()},
        "totals": {name: total for name, (_rows, total) in found.items()},
    }


def unit_logs(records, folder, scope, logs=None):
    """``logs_of(uids)``: unit UID -> the viewer's logs of it, whatever the
    filter (from the kept lists when the viewer oversees every log; else in
    ``logs``, the viewer's scope, worked out unless given)."""
    site = every_log_lists(records, scope)
    if site is not None:
        return site.logs_of
    if logs is None:
        logs = scope_rids(records, folder, scope)
    return lambda uids: records.count_among("bti_unit", uids, logs)


def units_page(folder, scope, query="", start=0, size=UNITS_LISTED) -> tuple:
    """(rows, how many match): the viewer's units whose name holds ``query``,
    by name, with their logs."""
    records = Records(_catalog())
    table = unit_table(scope)
    return table.page(unit_logs(records, folder, scope), query, start, size)


def scoped_board(records, folder, scope, unit, logs, table, day, window) -> tuple:
    """(counts, lists) of the scope ``logs`` worked out from the indexes' sets."""
    units = table.titles
    active = records.with_values("review_state", ACTIVE, logs)
    signed = records.with_values("review_state", SIGNED, logs)
    states = records.count_by("review_state", logs)
    return counted(states, len(logs)), {
        "overdue_activities": overdue_activities(records, active, units, day, window),
        "consents": consents(records, signed, units, day, window),
        "idle_logs": idle_logs(records, active, units, day, idle_days(), window),
        "holders_missing": holders_missing(records, active, table, window),
        "offers_pending": offers_pending(records, logs, units, day, window),
        "concerns": concerns(records, folder, scope, units, day, window, unit),
    }


def site_board(records, site, scope, table, day, window) -> tuple:
    """(counts, lists) over every log of the site, from the kept lists."""
    units, people = table.titles, table.people
    overdue, overdue_total = site.overdue(day, window)
    consent, consent_total = site.consents(day, window)
    idle, idle_total = site.idle(day, idle_days(), window)
    concern, concern_total = site.concerns(day, window)
    suspects = site.holder_suspects(people)
    return counted(*site.counts()), {
        "overdue_activities": (
            overdue_rows(records, overdue, units, day),
            overdue_total,
        ),
        "consents": (consent_rows(records, consent, units, day), consent_total),
        "idle_logs": (idle_rows(records, idle, units, day), idle_total),
        "holders_missing": holder_rows(records, suspects, people, units, window),
        "offers_pending": offers_pending(records, None, units, day, window),
        "concerns": (concern_rows(records, concern, scope, units, day), concern_total),
    }
