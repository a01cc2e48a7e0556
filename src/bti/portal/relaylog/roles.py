"""Local roles on logs and concerns: holders, participants, family, unit leaders."""

from bti.portal.content.unit import IUnit
from bti.portal.domain import permissions as p
from bti.portal.relaylog import find_log
from plone import api


PEOPLE_ROLES = (
    p.RELAY_HOLDER,
    p.PLAN_COORDINATOR,
    p.PARTICIPANT,
    p.GUARDIAN,
    p.YOUTH,
)
STAFF_ROLES = (p.RELAY_HOLDER, p.PLAN_COORDINATOR, p.PARTICIPANT)


def users_with_role(obj, role: str) -> list[str]:
    return sorted(user for user, roles in obj.get_local_roles() if role in roles)


def holders(log) -> list[str]:
    return users_with_role(log, p.RELAY_HOLDER)


def people_on_log(context) -> set[str]:
    """User ids with a holder, participant or family role on ``context``'s log."""
    log = find_log(context)
    if log is None:
        return set()
    return {
        user for user, roles in log.get_local_roles() if set(roles) & set(PEOPLE_ROLES)
    }


def set_role(obj, user_id: str, role: str, present: bool = True) -> None:
    """Add or remove one local role of one user; reindexes security when changed."""
    roles = set(obj.get_local_roles_for_userid(user_id))
    wanted = roles | {role} if present else roles - {role}
    if wanted == roles:
        return
    if wanted:
        obj.manage_setLocalRoles(user_id, sorted(wanted))
    else:
        obj.manage_delLocalRoles([user_id])
    obj.reindexObjectSecurity()


def strip_owner(obj) -> None:
    """Nobody keeps access to log content just by having created it."""
    for user, roles in obj.get_local_roles():
        if "Owner" in roles:
            rest = [role for role in roles if role != "Owner"]
            if rest:
                obj.manage_setLocalRoles(user, rest)
            else:
                obj.manage_delLocalRoles([user])


def unit_of(obj):
    """The log's or concern's Unit; units are not secret, so no permission check.

    Looked up in this site's catalog (plone.app.uuid caches the first site's
    catalog for a request, which creating several sites in one request trips on).
    """
    uid = getattr(obj, "unit", None)
    if not uid:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(UID=uid):
        return brain._unrestrictedGetObject()
    return None


def service_of_user(user_id: str) -> str:
    """The service of the first unit that lists the user (leader, resource, staff)."""
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Unit", bti_people=user_id, sort_on="sortable_title"
    ):
        return brain.bti_service or ""
    return ""


def sync_unit_leaders(obj) -> None:
    """UnitLeader local roles on a unit, log or concern = the leaders of its unit.

    On the unit itself the role grants the audit of its logs (LOG_FOLDER_GRANTS).
    """
    unit = obj if IUnit.providedBy(obj) else unit_of(obj)
    leaders = set(getattr(unit, "leaders", None) or ()) if unit else set()
    current = set(users_with_role(obj, p.UNIT_LEADER))
    for user_id in current - leaders:
        set_role(obj, user_id, p.UNIT_LEADER, present=False)
    for user_id in leaders - current:
        set_role(obj, user_id, p.UNIT_LEADER)


def units_of_user(user_id: str) -> list[str]:
    """UIDs of the units the user belongs to: listed on the unit (leader,
    resource person, staff) or holding a local role on it; by title."""
    catalog = api.portal.get_tool("portal_catalog")
    found = []
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Unit", sort_on="sortable_title"
    ):
        if user_id in (brain.bti_people or ()):
            found.append(brain.UID)
            continue
        unit = brain._unrestrictedGetObject()
        if unit.get_local_roles_for_userid(user_id):
            found.append(brain.UID)
    return found


def people_role_key(role: str, principal: str) -> str:
    """A value of the ``bti_people_roles`` index: a role held on a log by an id."""
    return f"{role}|{principal}"


def people_role_keys(log) -> tuple[str, ...]:
    """Holder, participant and family roles on ``log`` as index values."""
    return tuple(
        sorted(
            people_role_key(role, principal)
            for principal, roles in log.get_local_roles()
            for role in roles
            if role in PEOPLE_ROLES
        )
    )
