"""The three lists of logs a person sees on the log folder, from the catalog.

- my logs: logs where I have a role (holder, participant, guardian, young person);
  the catalog's own permission filter decides, the roles come from the log's
  local roles (no content is read);
- offered to me: logs a colleague offered me (unrestricted: I have no role yet),
  initials and unit only;
- logs I oversee: where my roles give "View log overview" (unit leaders,
  coordinators, Manager) and I have no role of my own: initials, state, holder,
  unit, last change and the next activity deadline, never content. Whether I may
  hand a log over or reopen it is a permission check on the log object.
"""

from bti.portal.catalog import meta
from bti.portal.catalog import path_of
from bti.portal.domain import levels
from bti.portal.domain import permissions as p
from bti.portal.relaylog.people import my_roles
from bti.portal.relaylog.people import person
from bti.portal.relaylog.people import role_title
from bti.portal.relaylog.workflow.transitions import state_title
from datetime import date
from plone import api


def _catalog():
    return api.portal.get_tool("portal_catalog")


def unit_titles() -> dict[str, str]:
    """Unit UID -> title (units are not secret)."""
    return {
        brain.UID: brain.Title
        for brain in _catalog().unrestrictedSearchResults(portal_type="Unit")
    }


def _modified(brain) -> str:
    modified = meta(brain, "modified")
    return modified.ISO8601() if modified is not None else ""


def _base(brain, units: dict) -> dict:
    state = meta(brain, "review_state", "")
    unit = meta(brain, "bti_unit", "")
    return {
        "@id": brain.getURL(),
        "uid": brain.UID,
        "initials": brain.Title,
        "review_state": state,
        "state_title": state_title(state) if state else "",
        "holders": [person(user_id) for user_id in meta(brain, "bti_holder", ()) or ()],
        "unit": {"uid": unit, "title": units.get(unit, "")},
        "modified": _modified(brain),
    }


def my_logs(folder, user, units: dict | None = None) -> list[dict]:
    units = unit_titles() if units is None else units
    found = []
    for brain in _catalog().searchResults(
        portal_type="RelayLog", path=path_of(folder), sort_on="sortable_title"
    ):
        held = my_roles(brain.getObject(), user)
        if not held:
            continue  # Manager sees every log, but oversees rather than works in it
        entry = _base(brain, units)
        entry["my_roles"] = [{"id": role, "title": role_title(role)} for role in held]
        found.append(entry)
    return found


def offered_to_me(folder, user, units: dict | None = None) -> list[dict]:
    units = unit_titles() if units is None else units
    found = []
    for brain in _catalog().unrestrictedSearchResults(
        portal_type="RelayLog",
        path=path_of(folder),
        bti_offer_to=user.getId(),
        sort_on="sortable_title",
    ):
        unit = meta(brain, "bti_unit", "")
        found.append({
            "@id": brain.getURL(),
            "uid": brain.UID,
            "initials": brain.Title,
            "unit": {"uid": unit, "title": units.get(unit, "")},
            "accept_url": f"{brain.getURL()}/@@accept-handover",
        })
    return found


def next_deadlines(folder, day: date) -> dict[str, date]:
    """Log path -> the earliest activity deadline from ``day`` on (dates only)."""
    earliest: dict[str, date] = {}
    for brain in _catalog().unrestrictedSearchResults(
        portal_type="Activity",
        path=path_of(folder),
        bti_deadline={"query": day, "range": "min"},
    ):
        deadline = meta(brain, "bti_deadline")
        if deadline is None:
            continue
        # /site/logs/<log>/<goal>/<activity>: the log is two levels up.
        log_path = brain.getPath().rsplit("/", 2)[0]
        if log_path not in earliest or deadline < earliest[log_path]:
            earliest[log_path] = deadline
    return earliest


def overseen(folder, user, units: dict | None = None, exclude=()) -> list[dict]:
    """Logs ``user`` oversees; ``exclude``: UIDs already in "my logs"."""
    units = unit_titles() if units is None else units
    catalog = _catalog()
    principals = catalog._listAllowedRolesAndUsers(user)
    deadlines = next_deadlines(folder, date.today())
    found = []
    for brain in catalog.unrestrictedSearchResults(
        portal_type="RelayLog",
        path=path_of(folder),
        bti_overview_roles=principals,
        sort_on="sortable_title",
    ):
        if brain.UID in exclude:
            continue
        entry = _base(brain, units)
        deadline = deadlines.get(brain.getPath())
        entry["next_deadline"] = deadline.isoformat() if deadline else None
        # What the user may do from here: a permission check, no content read.
        log = brain._unrestrictedGetObject()
        entry["handover_url"] = (
            f"{brain.getURL()}/@@handover"
            if api.user.has_permission(p.HAND_OVER, obj=log)
            else None
        )
        entry["reopen_url"] = (
            f"{brain.getURL()}/@@reopen-log"
            if entry["review_state"] == levels.CLOSED
            and api.user.has_permission(p.REOPEN, obj=log)
            else None
        )
        found.append(entry)
    return found


def lists(folder) -> dict:
    """The three lists for the current user (all empty for anonymous)."""
    if api.user.is_anonymous():
        return {"my_logs": [], "offered_to_me": [], "overseen": []}
    user = api.user.get_current()
    units = unit_titles()
    mine = my_logs(folder, user, units)
    return {
        "my_logs": mine,
        "offered_to_me": offered_to_me(folder, user, units),
        "overseen": overseen(folder, user, units, exclude={e["uid"] for e in mine}),
    }
