"""Names and role labels of the people on a log, for pages and REST answers."""

from bti.portal import _
from bti.portal.domain import permissions as p
from bti.portal.memo import translated
from bti.portal.relaylog.roles import PEOPLE_ROLES
from bti.portal.users import fullname
from plone import api


ROLE_TITLES = {
    p.RELAY_HOLDER: _("Relay holder"),
    p.PLAN_COORDINATOR: _("Plan coordinator"),
    p.PARTICIPANT: _("Participant"),
    p.GUARDIAN: _("Guardian"),
    p.YOUTH: _("Young person"),
    p.UNIT_LEADER: _("Unit leader"),
    p.COORDINATOR: _("Coordinator"),
}


def role_title(role: str) -> str:
    return translated(ROLE_TITLES.get(role, role))


def person(user_id: str) -> dict:
    return {"id": user_id, "fullname": fullname(user_id)}


def my_roles(log, user) -> list[str]:
    """Holder, participant and family roles of ``user`` on ``log`` (own or by group)."""
    if user is None or api.user.is_anonymous():
        return []
    held = set(user.getRolesInContext(log))
    return [role for role in PEOPLE_ROLES if role in held]
