"""GET /<routine>/@routine-control: who has controlled this version."""

from bti.portal.routines import control
from plone.restapi.services import Service


class RoutineControlGet(Service):
    def reply(self):
        return {
            "@id": f"{self.context.absolute_url()}/@routine-control",
            "controllers": list(self.context.controllers or []),
            "approvals": control.approvals(self.context),
            "all_controlled": control.all_controlled(self.context),
        }
