"""GET /<site>/logs/@dashboard-units[?q=<words>&b_start=0&b_size=25]

The units of the viewer's dashboard (a coordinator: every unit; a unit
leader: theirs) by name, with how many logs each has in the viewer's view;
``q`` keeps the units whose name holds every word. Paged like @dashboard.
"""

from bti.portal.relaylog.dashboard import queries
from bti.portal.relaylog.dashboard.scope import checked_scope
from bti.portal.relaylog.dashboard.units import query_param
from bti.portal.relaylog.errors import CodedError
from bti.portal.relaylog.errors import reply as error_reply
from bti.portal.relaylog.overview.paging import whole
from bti.portal.services.dashboard.get import DEFAULT_SIZE
from bti.portal.services.dashboard.get import MAX_SIZE
from plone.restapi.services import Service


class DashboardUnitsGet(Service):
    def reply(self):
        form = self.request.form
        try:
            scope, _unit = checked_scope(self.context, self.request)
            query = query_param(form)
            start = whole(form, "b_start", 0, 0, 1_000_000)
            size = whole(form, "b_size", DEFAULT_SIZE, 1, MAX_SIZE)
        except CodedError as error:
            return error_reply(self.request, error)
        self.request.response.setHeader("Cache-Control", "private, no-store")
        rows, total = queries.units_page(self.context, scope, query, start, size)
        board = f"{self.context.absolute_url()}/@dashboard"
        return {
            "@id": f"{self.context.absolute_url()}/@dashboard-units",
            "items": [{"@id": f"{board}?unit={row['uid']}", **row} for row in rows],
            "items_total": total,
            "b_start": start,
            "b_size": size,
            "q": query,
        }
