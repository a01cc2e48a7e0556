"""Sharing rules for logs: the Sharing page (@@sharing) and REST @sharing.

Plone's sharing view grants any role the user may delegate. On a log:

- the relay holder changes only by handover (offered, then accepted);
- unit leaders follow their unit's list of leaders, coordinators their group;
- a participant's service must be covered by valid consent for cooperation
  (bti.portal.domain.levels.participant_problems), and participants are people,
  one by one, listed on a unit;
- nothing changes on a log that is not active (draft, passive, closed);
- local roles from the log folder (the coordinators) are always inherited:
  coordinators oversee every log (domain.permissions.EVERY_LOG_OVERSEEN).

Manager is excepted from all but the consent rule and the inherited roles.
plone.restapi's SharingPost calls ``update_role_settings`` of this view: a
refusal is a BadRequest (400 with the message). The Sharing page shows the
refusal as a status message and saves nothing.
"""

from AccessControl import getSecurityManager
from bti.portal import _
from bti.portal.domain import levels
from bti.portal.domain import permissions as p
from bti.portal.relaylog import facts
from bti.portal.relaylog import roles
from bti.portal.relaylog.reasons import message
from bti.portal.relaylog.rounds import staff
from bti.portal.users import fullname
from datetime import date
from plone import api
from plone.app.workflow.browser.sharing import SharingView
from zExceptions import BadRequest

import transaction


# Roles that other parts of the product keep: never changed on the Sharing page.
KEPT_ELSEWHERE = {
    p.RELAY_HOLDER: _(
        "sharing_holder_by_handover",
        default="The relay holder changes only by handover: offer the log to a "
        "colleague, who then accepts it.",
    ),
    p.UNIT_LEADER: _(
        "sharing_unit_leader_from_unit",
        default="Unit leaders come from the unit's list of leaders; "
        "change the unit instead.",
    ),
    p.COORDINATOR: _(
        "sharing_coordinator_from_group",
        default="Coordinators come from the coordinators' group; "
        "change the group instead.",
    ),
    p.GUARDIAN: _(
        "sharing_family_by_linking",
        default="Parents and the young person get access only by linking the "
        "family with their national identity numbers (Add family).",
    ),
    p.YOUTH: _(
        "sharing_family_by_linking",
        default="Parents and the young person get access only by linking the "
        "family with their national identity numbers (Add family).",
    ),
    p.PLAN_COORDINATOR: _(
        "sharing_plan_coordinator",
        default="The coordinator of an individual plan is named when the plan starts.",
    ),
    p.RELAY_OFFERED: _(
        "sharing_holder_by_handover",
        default="The relay holder changes only by handover: offer the log to a "
        "colleague, who then accepts it.",
    ),
}
NO_GROUPS = _(
    "sharing_no_groups",
    default="Give access to people one at a time, never to a group.",
)
NOT_ACTIVE = _(
    "sharing_log_not_active",
    default="Access to a log can only change while the log is active "
    "(level 1, 2 or 3).",
)
PARTICIPANT_GROUP = _(
    "sharing_participant_group",
    default="Add participants one person at a time, not as a group.",
)
PARTICIPANT_REFUSED = "sharing_participant_refused"
INHERIT_KEPT = _(
    "sharing_inherit_kept",
    default="Coordinators reach every log from the log folder; this cannot be "
    "switched off for one log.",
)


def refusal(found) -> BadRequest:
    """A plain BadRequest (ZPublisher maps it to 400 by its class name), marked so
    the Sharing page tells it from other errors; the message is translated."""
    error = BadRequest(" ".join(api.portal.translate(text) for text in found))
    error.sharing_refused = True
    return error


def is_manager(log) -> bool:
    return bool(getSecurityManager().getUser().has_role(p.MANAGER, log))


def changes(log, settings, managed_roles) -> list[dict]:
    """Per principal: what ``settings`` (the sharing view's format) adds, removes."""
    found = []
    for entry in settings:
        existing = managed_roles & set(
            log.get_local_roles_for_userid(userid=entry["id"])
        )
        selected = managed_roles & set(entry.get("roles") or ())
        added, removed = selected - existing, existing - selected
        if added or removed:
            found.append({
                "id": entry["id"],
                "type": entry.get("type") or "user",
                "added": added,
                "removed": removed,
            })
    return found


def participant_problem(log, principal_id: str, principal_type: str, day: date):
    """Why ``principal_id`` may not become a participant (a message), or None."""
    if principal_type == "group":
        return PARTICIPANT_GROUP
    service = roles.service_of_user(principal_id)
    codes = (
        levels.participant_problems(facts.log_facts(log), service, day)
        if service
        else ["participant_not_on_unit"]
    )
    if not codes:
        return None
    reason = (
        _(
            "participant_not_on_unit",
            default="They are not listed on any unit, so no consent can cover "
            "their service.",
        )
        if codes[0] == "participant_not_on_unit"
        else message(codes[0])
    )
    return _(
        PARTICIPANT_REFUSED,
        default="${name} cannot be added as participant: ${reason}",
        mapping={
            # Only colleagues on a unit are named; any other id stays an id.
            "name": fullname(principal_id) if service else principal_id,
            "reason": api.portal.translate(reason),
        },
    )


def problems(log, settings, managed_roles, day: date | None = None) -> list:
    """Messages why the change may not be made; [] when it may."""
    day = day or date.today()
    wanted = changes(log, settings, managed_roles)
    if not wanted:
        return []
    manager = is_manager(log)
    found = []
    if not manager and api.content.get_state(log) not in levels.WORKING_STATES:
        return [NOT_ACTIVE]
    for change in wanted:
        touched = change["added"] | change["removed"]
        if not manager and change["type"] == "group" and change["added"]:
            if NO_GROUPS not in found:
                found.append(NO_GROUPS)
            continue
        if not manager:
            for role, text in KEPT_ELSEWHERE.items():
                if role in touched and text not in found:
                    found.append(text)
        if p.PARTICIPANT in change["added"]:
            problem = participant_problem(log, change["id"], change["type"], day)
            if problem is not None:
                found.append(problem)
    return found


def unit_staff_entries(view) -> list[dict]:
    """The log's unit's staff list (not yet on the log) as sharing entries, for
    the participant picker before anyone searches."""
    log = view.context
    existing = {entry["id"] for entry in view.existing_role_settings()}
    unit = roles.unit_of(log)
    listed = [
        user_id
        for user_id in staff.staff_ids(unit)
        if user_id not in existing and user_id not in roles.holders(log)
    ]
    empty = {role["id"]: False for role in view.roles()}
    entries = []
    for user_id in listed:
        user = api.user.get(userid=user_id)
        if user is None:
            continue
        entry_roles = dict(empty)
        for role in user.getRoles():
            if role in entry_roles:
                entry_roles[role] = "global"
        entries.append({
            "id": user_id,
            "title": fullname(user_id),
            "login": user.getUserName(),
            "type": "user",
            "roles": entry_roles,
        })
    return entries


class LogSharingView(SharingView):
    """Plone's sharing view with the log's rules in front of every change.

    Before a search, the people it offers are the staff list of the log's unit
    (kept by the unit's leaders, bti.portal.relaylog.rounds.staff). Opened (GET)
    by anyone but a Manager, it sends them to the staff's own page "Hvem har
    tilgang" (@@who-has-access)."""

    def __call__(self):
        method = self.request.get("REQUEST_METHOD", "GET")
        if method == "GET" and not is_manager(self.context):
            url = f"{self.context.absolute_url()}/@@who-has-access"
            return self.request.response.redirect(url)
        return super().__call__()

    def user_search_results(self):
        if not self.request.form.get("search_term"):
            return unit_staff_entries(self)
        found = super().user_search_results()
        if is_manager(self.context):
            return found
        # Staff search colleagues, never families or anyone not on a unit.
        return [entry for entry in found if roles.service_of_user(entry["id"])]

    def group_search_results(self):
        if is_manager(self.context):
            return super().group_search_results()
        return []

    def update_role_settings(self, new_settings, reindex=True):
        new_settings = list(new_settings)
        managed = frozenset(role["id"] for role in self.roles())
        found = problems(self.context, new_settings, managed)
        if found:
            raise refusal(found)
        return super().update_role_settings(new_settings, reindex=reindex)

    def can_edit_inherit(self):
        """Only to turn an old block off again (Manager)."""
        return is_manager(self.context) and not self.inherited()

    def update_inherit(self, status=True, reindex=True):
        changed = bool(status) != self.inherited()
        if changed and (not status or not is_manager(self.context)):
            raise refusal([INHERIT_KEPT])
        return super().update_inherit(status, reindex=reindex)

    def handle_form(self):
        try:
            return super().handle_form()
        except BadRequest as refused:
            if not getattr(refused, "sharing_refused", False):
                raise
            # Nothing is saved (not even the inherit setting changed before the
            # refusal), and the page shows what is stored, not what was asked.
            transaction.doom()
            api.portal.show_message(str(refused), request=self.request, type="error")
            self.request.form.pop("entries", None)
            return True
