"""Who may coordinate an individual plan, and why a plan cannot start now.

Coordinators are staff: the members of the group bti-coordinators (the
barnekoordinator) and the people listed on the site's units. A coordinator's
service is that of the first unit listing them (none for the group only).
"""

from bti.portal.domain import levels
from bti.portal.domain import permissions as p
from bti.portal.relaylog import colleagues
from bti.portal.relaylog import facts
from bti.portal.relaylog import roles
from bti.portal.users import COORDINATOR_GROUP
from bti.portal.users import fullname
from datetime import date
from plone import api


def group_coordinators() -> set[str]:
    group = api.group.get(groupname=COORDINATOR_GROUP)
    if group is None:
        return set()
    return {member.getId() for member in group.getGroupMembers()}


def choice(log, query: str = "") -> colleagues.Colleagues:
    """The log's unit's people and those on other units whose name holds
    ``query`` (``colleagues.choose``); not the holders (their relay role
    ends) nor the child coordinators (listed first by ``candidates``)."""
    exclude = set(roles.holders(log)) | group_coordinators()
    return colleagues.choose(getattr(log, "unit", None), exclude, query)


def candidates(log, picked: colleagues.Colleagues) -> list[dict]:
    """Who may coordinate: the site's child coordinators first (by name),
    then ``picked``: the unit's people, then those found on other units."""
    coordinators = group_coordinators() - set(roles.holders(log))
    away = colleagues.absent_among(coordinators)
    first = sorted(
        (
            {
                "id": user_id,
                "fullname": fullname(user_id),
                "site_coordinator": True,
                "absent": user_id in away,
            }
            for user_id in coordinators
        ),
        key=lambda item: (item["fullname"].casefold(), item["id"]),
    )
    return first + [
        {
            "id": person["id"],
            "fullname": person["title"],
            "site_coordinator": False,
            "absent": person["absent"],
        }
        for person in picked.unit + picked.others
    ]


def is_candidate(user_id: str) -> bool:
    if not user_id or api.user.get(userid=user_id) is None:
        return False
    return user_id in group_coordinators() or user_id in colleagues.listed()


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
