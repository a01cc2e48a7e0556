"""Whose dashboard: the units a viewer oversees, from the catalog and their roles.

Unit leaders hold UnitLeader as a local role on their units (and the units' logs
and concerns); coordinators hold Coordinator on the log folder (group
bti-coordinators). "bti.portal: View dashboard" goes with those roles, so it is
checked on the folder (coordinators, Manager: every unit) and on each unit the
``bti_leaders`` index names the viewer for (unit leaders: those units).
"""

from bti.portal import _
from bti.portal.domain import permissions as p
from bti.portal.relaylog.errors import CodedError
from bti.portal.relaylog.errors import page_error
from dataclasses import dataclass
from plone import api
from typing import ClassVar


VIEW_DASHBOARD = "bti.portal: View dashboard"


@dataclass(frozen=True)
class Scope:
    user_id: str
    principals: tuple[str, ...]  # as allowedRolesAndUsers, for bti_overview_roles
    all_units: bool  # coordinator or Manager
    led_units: tuple[str, ...]  # UIDs of the units the viewer leads

    def units(self, unit: str = "") -> list[str] | None:
        """UIDs to filter on (None: every unit); ``unit`` narrows it."""
        if unit:
            return [unit] if self.may_filter(unit) else []
        return None if self.all_units else list(self.led_units)

    def may_filter(self, unit: str) -> bool:
        return self.all_units or unit in self.led_units

    def leads(self, unit: str) -> bool:
        return unit in self.led_units


def _catalog():
    return api.portal.get_tool("portal_catalog")


def led_units(user_id: str) -> tuple[str, ...]:
    """Units whose leaders include ``user_id`` (where the role gives the dashboard)."""
    found = []
    for brain in _catalog().unrestrictedSearchResults(
        portal_type="Unit", bti_leaders=user_id, sort_on="sortable_title"
    ):
        unit = brain._unrestrictedGetObject()  # a unit, never a log
        if api.user.has_permission(VIEW_DASHBOARD, obj=unit):
            found.append(brain.UID)
    return tuple(found)


def _sees_all_units(user, folder) -> bool:
    roles = set(user.getRolesInContext(folder))
    return bool(roles & {p.COORDINATOR, p.MANAGER}) and api.user.has_permission(
        VIEW_DASHBOARD, obj=folder
    )


def viewer_scope(folder) -> Scope | None:
    """The current user's scope on ``folder`` (the log folder), None without one."""
    if api.user.is_anonymous():
        return None
    user = api.user.get_current()
    all_units = _sees_all_units(user, folder)
    led = led_units(user.getId())
    if not all_units and not led:
        return None
    return Scope(
        user_id=user.getId(),
        principals=tuple(_catalog()._listAllowedRolesAndUsers(user)),
        all_units=all_units,
        led_units=led,
    )


def may_see_dashboard(site) -> bool:
    """For the main menu entry (every page): the site's log folder and a scope
    on it, without working the scope out."""
    folder = site.get("logs")
    if folder is None or api.user.is_anonymous():
        return False
    user = api.user.get_current()
    return _sees_all_units(user, folder) or bool(led_units(user.getId()))


class ScopeError(CodedError):
    messages: ClassVar[dict] = {
        "dashboard_not_yours": _(
            "dashboard_not_yours",
            default="The dashboard is for unit leaders and coordinators.",
        ),
        "unit_invalid": _(
            "unit_invalid",
            default="The unit in the address is not a unit. Choose one from the list.",
        ),
        "unit_not_yours": _(
            "unit_not_yours",
            default="The unit in the address is not one of yours. "
            "Choose one from the list.",
        ),
    }


def unit_param(request) -> str:
    """The ``unit`` filter: a UID-like string or empty; anything else is a 400."""
    value = request.form.get("unit", "")
    if value == "":
        return ""
    if not isinstance(value, str) or len(value) > 64 or not value.isalnum():
        raise ScopeError("unit_invalid")
    return value


def _is_unit(uid: str) -> bool:
    return bool(_catalog().unrestrictedSearchResults(portal_type="Unit", UID=uid))


def checked_scope(context, request):
    """(the viewer's scope, the unit filter); ScopeError: 403 without a
    scope, 400 for a unit that is not a unit or not the viewer's."""
    scope = viewer_scope(context)
    if scope is None:
        raise ScopeError("dashboard_not_yours")
    unit = unit_param(request)
    if unit and not (scope.may_filter(unit) and _is_unit(unit)):
        raise ScopeError("unit_not_yours")
    return scope, unit


def page_scope(context, request):
    """``checked_scope`` for a page: the neutral 403 page, or a 400 page that
    says what was wrong with the unit."""
    try:
        return checked_scope(context, request)
    except ScopeError as error:
        raise page_error(error) from None
