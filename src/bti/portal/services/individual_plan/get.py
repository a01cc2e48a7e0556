"""GET /<log>/@individual-plan[?who=<words of a name>]: the plan's state and
coordinator; for whoever may start it (the holder at level 3), what is missing
and who may coordinate (the child coordinators, the log's unit's people, and
people on other units found by ``who``)."""

from bti.portal.relaylog import colleagues
from bti.portal.relaylog.errors import reply as error_reply
from bti.portal.relaylog.individual_plan import actions
from plone.restapi.services import Service


class IndividualPlanGet(Service):
    def reply(self):
        try:
            query = colleagues.query_param(self.request.form)
        except colleagues.ColleagueQueryError as error:
            return error_reply(self.request, error)
        return actions.summary(self.context, query)
