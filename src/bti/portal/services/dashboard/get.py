"""GET /<site>/logs/@dashboard[?unit=<uid>&b_start=0&b_size=25]

The same data as @@dashboard; every list is paged with ``b_start`` and
``b_size`` (1-100) and says its ``items_total``. ``units`` names the first
units (up to 20) with their logs; @dashboard-units pages through them all.
"""

from bti.portal.relaylog.dashboard import queries
from bti.portal.relaylog.dashboard.scope import checked_scope
from bti.portal.relaylog.errors import CodedError
from bti.portal.relaylog.errors import reply as error_reply
from bti.portal.relaylog.overview.paging import whole
from plone.restapi.services import Service


DEFAULT_SIZE = 25
MAX_SIZE = 100


class DashboardGet(Service):
    def reply(self):
        try:
            scope, unit = checked_scope(self.context, self.request)
            start = whole(self.request.form, "b_start", 0, 0, 1_000_000)
            size = whole(self.request.form, "b_size", DEFAULT_SIZE, 1, MAX_SIZE)
        except CodedError as error:
            return error_reply(self.request, error)
        self.request.response.setHeader("Cache-Control", "private, no-store")
        data = queries.board(self.context, scope, unit, start=start, size=size)
        totals = data.pop("totals")
        for name in queries.LISTS:
            data[name] = {
                "items": data[name],
                "items_total": totals[name],
                "b_start": start,
                "b_size": size,
            }
        data["units"]["@id"] = f"{self.context.absolute_url()}/@dashboard-units"
        return {"@id": f"{self.context.absolute_url()}/@dashboard", **data}
