"""The dashboard's data, from catalog brains only (no log is loaded).

Logs in scope: ``bti_overview_roles`` names the viewer (as allowedRolesAndUsers
does for View), narrowed to the viewer's units. Items are matched to their log by
path: activities sit in a goal (two levels down), consents directly in the log.
Rows carry ids, initials, dates, states and holders' names, never a child's or
parent's name.
"""

from bti.portal.catalog import meta
from bti.portal.catalog import path_of
from bti.portal.domain import dashboard as rules
from bti.portal.domain import levels
from bti.portal.domain import permissions as p
from bti.portal.relaylog.overview import lists
from bti.portal.relaylog.workflow.transitions import state_title
from bti.portal.settings import get_settings
from datetime import date
from datetime import timedelta
from plone import api


ACTIVE = (levels.DRAFT, levels.LEVEL1, levels.LEVEL2, levels.LEVEL3)
SIGNED = (levels.LEVEL1, levels.LEVEL2, levels.LEVEL3)
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


def log_brains(folder, scope, unit: str = "") -> list:
    units = scope.units(unit)
    if units == []:
        return []
    query = {
        "portal_type": "RelayLog",
        "path": path_of(folder),
        "bti_overview_roles": list(scope.principals),
        "sort_on": "sortable_title",
    }
    if units is not None:
        query["bti_unit"] = units
    return list(_catalog().unrestrictedSearchResults(**query))


def _log_path(brain, depth: int) -> str:
    return brain.getPath().rsplit("/", depth)[0]


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


def counts(logs: list, units: dict) -> dict:
    by_state = dict.fromkeys(levels.STATES, 0)
    by_unit: dict[str, dict] = {}
    for log in logs:
        state = meta(log, "review_state", "")
        by_state[state] = by_state.get(state, 0) + 1
        unit = meta(log, "bti_unit", "")
        row = by_unit.setdefault(
            unit, {"uid": unit, "title": units.get(unit, ""), "total": 0}
        )
        row["total"] += 1
    return {
        "total": len(logs),
        "by_state": [
            {"id": state, "title": state_title(state), "count": count}
            for state, count in by_state.items()
        ],
        "by_unit": sorted(by_unit.values(), key=lambda row: row["title"]),
    }


def overdue_activities(folder, logs: dict, units: dict, day: date) -> list[dict]:
    rows = []
    for brain in _catalog().unrestrictedSearchResults(
        portal_type="Activity",
        path=path_of(folder),
        bti_activity_status=sorted(rules.OPEN_ACTIVITY),
        bti_deadline={"query": (EARLIEST, day - timedelta(days=1)), "range": "min:max"},
        sort_on="bti_deadline",
    ):
        log = logs.get(_log_path(brain, 2))
        deadline = meta(brain, "bti_deadline")
        status = meta(brain, "bti_activity_status", "planned")
        if log is None or not rules.activity_overdue(deadline, status, day):
            continue
        if meta(log, "review_state") not in ACTIVE:
            continue
        # No responsible person: it may be a parent, whose name is not for
        # oversight roles.
        rows.append({
            "log": _log_ref(log, units),
            "deadline": deadline.isoformat(),
            "days_overdue": rules.days_between(deadline, day),
        })
    return rows


def consents(folder, logs: dict, units: dict, day: date) -> list[dict]:
    """Logs at a level whose latest dated consent runs out within 30 days or has."""
    latest: dict[str, date] = {}
    for brain in _catalog().unrestrictedSearchResults(
        portal_type="Consent",
        path=path_of(folder),
        bti_consent_expiry={"query": EARLIEST, "range": "min"},
    ):
        until = meta(brain, "bti_consent_expiry")
        log_path = _log_path(brain, 1)
        if until is not None and (log_path not in latest or until > latest[log_path]):
            latest[log_path] = until
    rows = []
    for log_path, until in sorted(latest.items(), key=lambda item: item[1]):
        log = logs.get(log_path)
        if log is None or meta(log, "review_state") not in SIGNED:
            continue
        flag = rules.consent_flag(until, day)
        if flag:
            rows.append({
                "log": _log_ref(log, units),
                "valid_until": until.isoformat(),
                "flag": flag,
            })
    return rows


def idle_logs(logs: dict, units: dict, day: date, days: int) -> list[dict]:
    rows = []
    for log in logs.values():
        if meta(log, "review_state") not in ACTIVE:
            continue
        last = meta(log, "bti_last_activity")
        if rules.is_idle(last, day, days):
            rows.append({
                "log": _log_ref(log, units),
                "last_activity": last.isoformat() if last else None,
                "idle_days": rules.days_between(last, day) if last else None,
            })
    return sorted(rows, key=lambda row: row["last_activity"] or "")


def unit_people() -> dict[str, set[str]]:
    return {
        brain.UID: set(meta(brain, "bti_people", ()) or ())
        for brain in _catalog().unrestrictedSearchResults(portal_type="Unit")
    }


def holders_missing(logs: dict, units: dict) -> list[dict]:
    """Logs without a holder, or whose holder is no longer listed on the unit."""
    people = unit_people()
    rows = []
    for log in logs.values():
        if meta(log, "review_state") not in ACTIVE:
            continue
        holders = list(meta(log, "bti_holder", ()) or ())
        staff = people.get(meta(log, "bti_unit", ""), set())
        gone = [user_id for user_id in holders if user_id not in staff]
        if holders and not gone:
            continue
        rows.append({
            "log": _log_ref(log, units),
            "holders": [lists.person(user_id) for user_id in gone],
            "reason": "left_unit" if holders else "no_holder",
        })
    return rows


def offers_pending(logs: dict, units: dict, day: date) -> list[dict]:
    rows = []
    for log in logs.values():
        sent = meta(log, "bti_offer_sent")
        if sent is None:
            continue
        rows.append({
            "log": _log_ref(log, units),
            "sent": sent.isoformat(),
            "days": rules.days_between(sent, day),
        })
    return sorted(rows, key=lambda row: row["sent"])


def concerns(folder, scope, units: dict, day: date, unit: str = "") -> list[dict]:
    """Open concerns near or past their level-0 deadline; links where the viewer
    may open them (their unit's leaders; a coordinator sees the line only)."""
    wanted = scope.units(unit)
    if wanted == []:
        return []
    query = {
        "portal_type": "Concern",
        "path": path_of(folder),
        "review_state": p.CONCERN_OPEN,
        "bti_deadline": {
            "query": day + timedelta(days=rules.CONCERN_WARNING_DAYS),
            "range": "max",
        },
        "sort_on": "bti_deadline",
    }
    if wanted is not None:
        query["bti_unit"] = wanted
    rows = []
    for brain in _catalog().unrestrictedSearchResults(**query):
        deadline = meta(brain, "bti_deadline")
        flag = rules.concern_flag(deadline, day) if deadline else None
        if flag is None:
            continue
        concern_unit = meta(brain, "bti_unit", "")
        rows.append({
            "@id": brain.getURL() if scope.leads(concern_unit) else None,
            "uid": brain.UID,
            "initials": brain.Title,
            "unit": {"uid": concern_unit, "title": units.get(concern_unit, "")},
            "deadline": deadline.isoformat(),
            "flag": flag,
        })
    return rows


def board(folder, scope, unit: str = "", day: date | None = None) -> dict:
    """Everything on the dashboard, unpaged."""
    day = day or date.today()
    units = lists.unit_titles()
    found = log_brains(folder, scope, unit)
    by_path = {brain.getPath(): brain for brain in found}
    days = idle_days()
    return {
        "day": day.isoformat(),
        "idle_days": days,
        "units": [
            {"uid": uid, "title": units.get(uid, "")}
            for uid in (sorted(units, key=units.get) if scope.all_units else [])
            or scope.led_units
        ],
        "unit": unit,
        "counts": counts(found, units),
        "overdue_activities": overdue_activities(folder, by_path, units, day),
        "consents": consents(folder, by_path, units, day),
        "idle_logs": idle_logs(by_path, units, day, days),
        "holders_missing": holders_missing(by_path, units),
        "offers_pending": offers_pending(by_path, units, day),
        "concerns": concerns(folder, scope, units, day, unit),
    }
