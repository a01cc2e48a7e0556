"""The three lists of logs a person sees on the log folder, from the catalog.

- my logs: logs where I have a role (holder, participant, guardian, young person);
  the catalog's own permission filter decides, the roles come from the
  ``bti_people_roles`` index (one query per role);
- offered to me: logs a colleague offered me (unrestricted: I have no role yet),
  initials and unit only;
- logs I oversee: where my roles give "View log overview" (unit leaders,
  coordinators, Manager) and I have no role of my own: initials, state, holder,
  unit, last change and the next open activity deadline (an overdue one first),
  never content. Whether I may hand a log over or reopen it is asked of the
  permission matrix (domain.permissions) with my oversight roles: Coordinator or
  Manager on the log folder, UnitLeader where ``bti_leaders`` names me on the unit.

Every list is made from catalog brains: no log object is loaded. "Logs I
oversee" is paged (``OVERSEEN_PAGE`` per page, ``overseen_total`` says how many):
a coordinator oversees thousands, and only the page's brains and the page's
activities are read.
"""

from bti.portal.catalog import inside
from bti.portal.catalog import meta
from bti.portal.catalog import path_of
from bti.portal.domain import levels
from bti.portal.domain import permissions as p
from bti.portal.memo import tool
from bti.portal.relaylog.dashboard import log_dates
from bti.portal.relaylog.dashboard import totals
from bti.portal.relaylog.dashboard.records import Every
from bti.portal.relaylog.dashboard.records import Records
from bti.portal.relaylog.people import person
from bti.portal.relaylog.people import role_title
from bti.portal.relaylog.roles import people_role_key
from bti.portal.relaylog.roles import PEOPLE_ROLES
from bti.portal.relaylog.workflow.transitions import state_title
from BTrees.IIBTree import difference
from BTrees.IIBTree import IISet
from datetime import date
from plone import api


def _catalog():
    return tool("portal_catalog")


# (database, catalog) -> (units_stamp, every unit's row), per process.
_EVERY_UNIT: dict = {}


def unit_rows(uids=None) -> tuple:
    """(UID, title, people on its list) of the units ``uids`` (None: all;
    units are not secret), read from the catalog's records: no brain is made.
    Every unit's rows are read again only once a unit changed (a region has
    hundreds, and a coordinator's pages name them)."""
    if uids is not None:
        if not uids:  # the catalog would ignore an empty list: all units
            return ()
        return _read_units(UID=list(uids))
    catalog = _catalog()
    stamp = totals.units_stamp(catalog)
    if stamp is None:
        return _read_units()
    key = (catalog._p_jar.db().database_name, catalog.getPhysicalPath())
    found = _EVERY_UNIT.get(key)
    if found is None or found[0] != stamp:
        found = _EVERY_UNIT[key] = (stamp, _read_units())
    return found[1]


def _read_units(**query) -> tuple:
    records = Records(_catalog())
    rows = (
        records.values(rid, "UID", "Title", "bti_people")
        for rid in records.rids(portal_type="Unit", **query)
    )
    return tuple((uid, title, tuple(people or ())) for uid, title, people in rows)


def unit_titles(uids=None) -> dict[str, str]:
    """Unit UID -> title of the units ``uids`` (None: all)."""
    return {uid: title or "" for uid, title, _people in unit_rows(uids)}


def _modified(brain) -> str:
    modified = meta(brain, "modified")
    return modified.ISO8601() if modified is not None else ""


def base_entry(brain, units: dict, names: dict | None = None) -> dict:
    """``names``: people already looked up for this answer (a holder of many
    logs is looked up in the user folder once)."""
    names = {} if names is None else names
    state = meta(brain, "review_state", "")
    unit = meta(brain, "bti_unit", "")
    holders = meta(brain, "bti_holder", ()) or ()
    for user_id in holders:
        if user_id not in names:
            names[user_id] = person(user_id)
    return {
        "@id": brain.getURL(),
        "uid": brain.UID,
        "initials": brain.Title,
        "review_state": state,
        "state_title": state_title(state) if state else "",
        "holders": [dict(names[user_id]) for user_id in holders],
        "unit": {"uid": unit, "title": units.get(unit, "")},
        "modified": _modified(brain),
    }


def _principals(user) -> list[str]:
    return [user.getId(), *(user.getGroups() or ())]


def my_logs(folder, user, units: dict | None = None) -> list[dict]:
    """Logs where ``user`` (or a group of theirs) holds a people role and may View."""
    units = unit_titles() if units is None else units
    principals = _principals(user)
    held: dict[str, tuple] = {}
    for role in PEOPLE_ROLES:
        for brain in _catalog().searchResults(
            portal_type="RelayLog",
            path=inside(folder),
            bti_people_roles=[people_role_key(role, pr) for pr in principals],
        ):
            held.setdefault(brain.UID, (brain, []))[1].append(role)
    found = []
    for brain, roles in sorted(
        held.values(), key=lambda pair: ((pair[0].Title or "").lower(), pair[0].UID)
    ):
        entry = base_entry(brain, units)
        entry["my_roles"] = [{"id": role, "title": role_title(role)} for role in roles]
        found.append(entry)
    return found


def offered_to_me(folder, user, units: dict | None = None) -> list[dict]:
    units = unit_titles() if units is None else units
    found = []
    for brain in _catalog().unrestrictedSearchResults(
        portal_type="RelayLog",
        path=path_of(folder),  # also the site (Mitt arbeid)
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


OVERSEEN_PAGE = 50
SORT = "sortable_title"  # the overseen logs' order


def next_deadlines(logs: list[str]) -> dict:
    """Log path -> the earliest deadline of an open activity, overdue ones included.

    An activity due 26.11 and still open is the next deadline on 3.12 (shown as
    overdue), not one due 17.12. Read from the catalog records of the logs'
    goals and activities (no path search, which grows with the site).
    """
    records = Records(_catalog())
    earliest: dict[str, date] = {}
    for path in logs:
        rid = records.rid_of(path)
        found = log_dates.cataloged_open_deadlines(records, rid) if rid else []
        if found:
            earliest[path] = min(found)
    return earliest


def oversight_roles(folder, user) -> tuple[set[str], set[str]]:
    """The viewer's roles on every log of the folder (Coordinator, Manager) and
    the units whose leaders include them (UnitLeader on those units' logs)."""
    on_folder = set(user.getRolesInContext(folder))
    everywhere = on_folder & {p.COORDINATOR, p.MANAGER}
    led = {
        brain.UID
        for brain in _catalog().unrestrictedSearchResults(
            portal_type="Unit", bti_leaders=user.getId()
        )
    }
    return everywhere, led


def overseen_rids(records: Records, folder, user, exclude=(), everywhere=()):
    """The catalog record ids of the logs ``user`` oversees, but for the
    UIDs in ``exclude`` (no brain is made). With ``everywhere`` roles (a
    coordinator, Manager: ``oversight_roles``) that is every log: an
    ``Every``, counted by the dashboard's kept lists, not a set of them all."""
    site = totals.lists_of(records.catalog)
    if everywhere and p.EVERY_LOG_OVERSEEN and site is not None:
        but = records.rids(UID=sorted(exclude)) if exclude else ()
        size = max(0, site["by_state"].count() - len(but))
        return Every(records, "RelayLog", size, but)
    found = records.rids(
        portal_type="RelayLog",
        path=inside(folder),
        bti_overview_roles=_catalog()._listAllowedRolesAndUsers(user),
    )
    if exclude:
        found = difference(found, records.rids(UID=sorted(exclude))) or IISet()
    return found


def overseen(
    folder,
    user,
    units: dict | None = None,
    exclude=(),
    start: int = 0,
    size: int | None = None,
) -> tuple[list[dict], int]:
    """Logs ``user`` oversees, from ``start``, ``size`` of them (None: all),
    and how many in all; ``exclude``: UIDs already in "my logs"."""
    units = unit_titles() if units is None else units
    today = date.today()
    end = None if size is None else start + size
    # By title, then path: the title index is walked only as far as the page
    # reaches, not every overseen log sorted (which grew with the site).
    records = Records(_catalog())
    everywhere, led = oversight_roles(folder, user)
    rids = overseen_rids(records, folder, user, exclude, everywhere)
    end = len(rids) if end is None else end
    brains = [records.brain(rid) for rid in records.ordered(SORT, rids, start, end)]
    deadlines = next_deadlines([brain.getPath() for brain in brains])
    found, names = [], {}
    for brain in brains:
        entry = base_entry(brain, units, names)
        deadline = deadlines.get(brain.getPath())
        entry["next_deadline"] = deadline.isoformat() if deadline else None
        entry["next_deadline_overdue"] = deadline is not None and today > deadline
        # What the user may do from here: the matrix with the oversight roles.
        state = entry["review_state"]
        roles = everywhere | ({p.UNIT_LEADER} if entry["unit"]["uid"] in led else set())
        may = state in levels.STATES
        entry["handover_url"] = (
            f"{brain.getURL()}/@@handover"
            if may and p.has_permission(state, roles, p.HAND_OVER)
            else None
        )
        entry["reopen_url"] = (
            f"{brain.getURL()}/@@reopen-log"
            if state == levels.CLOSED and p.has_permission(state, roles, p.REOPEN)
            else None
        )
        found.append(entry)
    return found, len(rids)


def lists(folder, start: int = 0, size: int | None = OVERSEEN_PAGE) -> dict:
    """The three lists for the current user (all empty for anonymous); "logs I
    oversee" from ``start``, ``size`` of them, and how many in all."""
    if api.user.is_anonymous():
        return {
            "my_logs": [],
            "offered_to_me": [],
            "overseen": [],
            "overseen_total": 0,
        }
    user = api.user.get_current()
    units = unit_titles()
    mine = my_logs(folder, user, units)
    exclude = {e["uid"] for e in mine}
    found, total = overseen(folder, user, units, exclude, start, size)
    return {
        "my_logs": mine,
        "offered_to_me": offered_to_me(folder, user, units),
        "overseen": found,
        "overseen_total": total,
    }
