"""GET /<log>/@individual-plan: the plan's state and coordinator; for whoever may
start it (the holder at level 3), what is missing and who may coordinate."""

from bti.portal.relaylog.individual_plan import actions
from plone.restapi.services import Service


class IndividualPlanGet(Service):
    def reply(self):
        return actions.summary(self.context)
