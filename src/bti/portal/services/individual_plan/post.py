"""POST /<log>/@individual-plan {"coordinator": user id, "comment": text}: the
log (level 3) continues as an individual plan; 400 with the reasons when the
level, the consent for cooperation or the coordinator is not right.

One explicit POST starts the plan: unlike the page, there is no confirmation
step here, so a client confirms with its user before it posts."""

from bti.portal.relaylog.individual_plan import actions
from bti.portal.services import body
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class IndividualPlanPost(Service):
    def reply(self):
        # Token-less REST clients authenticate per request, as in plone.restapi.
        alsoProvides(self.request, IDisableCSRFProtection)
        data = body.json_object(self.request)
        coordinator = body.text(data, "coordinator")
        comment = body.text(data, "comment")
        actions.start(self.context, coordinator.strip(), comment)
        return actions.summary(self.context)
