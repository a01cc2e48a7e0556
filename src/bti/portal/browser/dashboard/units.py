"""@@dashboard-units on the log folder: the dashboard's units a page at a
time, found by name, each with its logs and a link to its dashboard."""

from bti.portal.interfaces import IProductPage
from bti.portal.relaylog.dashboard import queries
from bti.portal.relaylog.dashboard.scope import page_scope
from bti.portal.relaylog.dashboard.units import query_param
from bti.portal.relaylog.dashboard.units import UnitQueryError
from bti.portal.relaylog.errors import page_error
from bti.portal.relaylog.overview.paging import whole_or_400
from Products.Five.browser import BrowserView
from urllib.parse import urlencode
from zope.interface import implementer


PAGE_UNITS = 50


@implementer(IProductPage)
class DashboardUnitsView(BrowserView):
    def __call__(self):
        scope, _unit = page_scope(self.context, self.request)
        self.request.response.setHeader("Cache-Control", "private, no-store")
        try:
            self.query = query_param(self.request.form)
        except UnitQueryError as error:
            raise page_error(error) from None
        self.start = whole_or_400(self.request.form, "b_start", 0, 0, 1_000_000)
        self.rows, self.total = queries.units_page(
            self.context, scope, self.query, self.start, PAGE_UNITS
        )
        return self.index()

    def dashboard_url(self, uid: str = "") -> str:
        url = f"{self.context.absolute_url()}/@@dashboard"
        return f"{url}?{urlencode({'unit': uid})}" if uid else url

    def _page_url(self, start: int) -> str:
        form = {"q": self.query} if self.query else {}
        if start:
            form["b_start"] = start
        url = f"{self.context.absolute_url()}/@@dashboard-units"
        return f"{url}?{urlencode(form)}" if form else url

    def shown(self) -> dict:
        """The page's first and last unit (counted from 1) and the total."""
        return {
            "first": self.start + 1,
            "last": self.start + len(self.rows),
            "total": self.total,
        }

    def previous_url(self) -> str | None:
        if self.start <= 0:
            return None
        return self._page_url(max(0, self.start - PAGE_UNITS))

    def next_url(self) -> str | None:
        if self.start + PAGE_UNITS >= self.total:
            return None
        return self._page_url(self.start + PAGE_UNITS)
