"""GET /<site>/logs/@dashboard[?unit=<uid>&b_start=0&b_size=25]

The same data as @@dashboard; every list is paged with ``b_start`` and
``b_size`` (1-100) and says its ``items_total``.
"""

from bti.portal.relaylog.dashboard import queries
from bti.portal.relaylog.dashboard.scope import checked_scope
from plone.restapi.services import Service
from zExceptions import BadRequest


DEFAULT_SIZE = 25
MAX_SIZE = 100


def _int(request, name: str, default: int, low: int, high: int) -> int:
    value = request.form.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BadRequest(f"{name} must be a whole number") from None
    if not low <= number <= high:
        raise BadRequest(f"{name} must be between {low} and {high}")
    return number


class DashboardGet(Service):
    def reply(self):
        scope, unit = checked_scope(self.context, self.request)
        start = _int(self.request, "b_start", 0, 0, 1_000_000)
        size = _int(self.request, "b_size", DEFAULT_SIZE, 1, MAX_SIZE)
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
        return {"@id": f"{self.context.absolute_url()}/@dashboard", **data}
