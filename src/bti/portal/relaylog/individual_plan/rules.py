"""Who may coordinate an individual plan, and why a plan cannot start now.

Coordinators are staff: the members of the group bti-coordinators (the
barnekoordinator) and the people listed on the site's units. A coordinator's
service is that of the first unit listing them (none for the group only).
"""

from bti.portal.domain import levels
from bti.portal.domain import permissions as p
from bti.portal.relaylog import facts
from bti.portal.relaylog import roles
from bti.portal.relaylog.rounds import staff
from bti.portal.users import COORDINATOR_GROUP
from bti.portal.users import fullname
from datetime import date
from plone import api


def group_coordinators() -> set[str]:
    group = api.group.get(groupname=COORDINATOR_GROUP)
    if group is None:
        return set()
    return {member.getId() for member in group.getGroupMembers()}


def unit_people() -> set[str]:
    catalog = api.portal.get_tool("portal_catalog")
    found: set[str] = set()
    for brain in catalog.unrestrictedSearchResults(portal_type="Unit"):
        found |= brain._unrestrictedGetObject().people()
    return found


def candidates(log=None) -> list[dict]:
    """Staff who may coordinate, the site's coordinators first, then by name;
    not the log's own holders (their relay role ends), absent ones marked."""
    coordinators = group_coordinators()
    holders = set(roles.holders(log)) if log is not None else set()
    away = staff.absent_today()
    people = {
        user_id
        for user_id in coordinators | unit_people()
        if user_id not in holders and api.user.get(userid=user_id) is not None
    }
    return sorted(
        (
            {
                "id": user_id,
                "fullname": fullname(user_id),
                "site_coordinator": user_id in coordinators,
                "absent": user_id in away,
            }
            for user_id in people
        ),
        key=lambda item: (not item["site_coordinator"], item["fullname"].lower()),
    )


def is_candidate(user_id: str) -> bool:
    if not user_id or api.user.get(userid=user_id) is None:
        return False
    return user_id in group_coordinators() or user_id in unit_people()


def problems(log, coordinator: str, day: date | None = None) -> list[str]:
    """Reason codes (bti.portal.domain.levels) why the plan may not start."""
    known = is_candidate(coordinator)
    return levels.plan_problems(
        facts.log_facts(log),
        day or date.today(),
        coordinator_known=known,
        coordinator_service=roles.service_of_user(coordinator) if known else "",
    )


def coordinators(log) -> list[str]:
    return roles.users_with_role(log, p.PLAN_COORDINATOR)
