"""GET /<site>/logs/@log-overview[?b_start=0&b_size=50]: my logs, offered to
me, logs I oversee (paged: ``b_start``, ``b_size`` 1-500, ``overseen_total``)."""

from bti.portal.relaylog.errors import reply as error_reply
from bti.portal.relaylog.overview import lists as overview
from bti.portal.relaylog.overview.paging import PagingError
from bti.portal.relaylog.overview.paging import whole
from plone.restapi.services import Service


MAX_SIZE = 500


class LogOverviewGet(Service):
    def reply(self):
        form = self.request.form
        try:
            start = whole(form, "b_start", 0, 0, 10_000_000)
            size = whole(form, "b_size", overview.OVERSEEN_PAGE, 1, MAX_SIZE)
        except PagingError as error:
            return error_reply(self.request, error)
        return {
            "@id": f"{self.context.absolute_url()}/@log-overview",
            **overview.lists(self.context, start, size),
        }
