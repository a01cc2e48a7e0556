"""POST /<routine>/@routine-control: the current controller approves it."""

from bti.portal.routines import control
from bti.portal.routines.cycle import approve_as_controller
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class RoutineControlPost(Service):
    def reply(self):
        # Token-less REST clients authenticate per request, as in plone.restapi.
        alsoProvides(self.request, IDisableCSRFProtection)
        approve_as_controller(self.context)
        return {
            "@id": f"{self.context.absolute_url()}/@routine-control",
            "approvals": control.approvals(self.context),
            "all_controlled": control.all_controlled(self.context),
        }
