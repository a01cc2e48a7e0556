"""GET /<log>/@handover: the open offer, for the holder, the unit leader or the
offered colleague (initials and unit only for the colleague)."""

from bti.portal.relaylog.handover import actions as handover_actions
from plone.restapi.services import Service


class HandoverGet(Service):
    def reply(self):
        return handover_actions.summary(self.context)
