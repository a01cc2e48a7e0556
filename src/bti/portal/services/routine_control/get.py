"""GET /<routine>/@routine-control: who has controlled this version, and what
the current user may do next; GET /<routine>/@routine-history: every approved
version."""

from bti.portal.routines import control
from bti.portal.routines import cycle
from plone import api
from plone.restapi.services import Service


def refusal_text(refusal) -> str | None:
    return None if refusal is None else api.portal.translate(refusal)


class RoutineControlGet(Service):
    def reply(self):
        routine = self.context
        userid = api.user.get_current().getId()
        return {
            "@id": f"{routine.absolute_url()}/@routine-control",
            "review_state": api.content.get_state(routine, default=None),
            "controllers": list(routine.controllers or []),
            "approvals": control.approvals(routine),
            "all_controlled": control.all_controlled(routine),
            "authors": cycle.authors(routine),
            "can_control": cycle.can_approve_as_controller(routine),
            "send_to_control_refused": refusal_text(cycle.control_refusal(routine)),
            "approval_refused": refusal_text(cycle.approval_refusal(routine, userid)),
        }


class RoutineHistoryGet(Service):
    def reply(self):
        return {
            "@id": f"{self.context.absolute_url()}/@routine-history",
            "items": list(reversed(cycle.history(self.context))),
        }
