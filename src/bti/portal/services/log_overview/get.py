"""GET /<site>/logs/@log-overview: my logs, offered to me, logs I oversee."""

from bti.portal.relaylog.overview import lists as overview
from plone.restapi.services import Service


class LogOverviewGet(Service):
    def reply(self):
        return {
            "@id": f"{self.context.absolute_url()}/@log-overview",
            **overview.lists(self.context),
        }
