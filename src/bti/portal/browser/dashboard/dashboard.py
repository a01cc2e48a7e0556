"""@@dashboard on the log folder: unit leaders (their units), coordinators (all)."""

from bti.portal import _
from bti.portal.dates import day_text
from bti.portal.interfaces import IProductPage
from bti.portal.memo import translated
from bti.portal.relaylog.dashboard import queries
from bti.portal.relaylog.dashboard.scope import may_see_dashboard
from bti.portal.relaylog.dashboard.scope import page_scope
from bti.portal.relaylog.dashboard.units import UNITS_LISTED
from datetime import date
from plone import api
from Products.Five.browser import BrowserView
from zope.interface import implementer


PAGE_ROWS = 20  # rows made per list; REST pages the rest
ALL_ROWS = 500  # ?all=1: rows per list at most (a site of 100,000 logs)

FLAG_TITLES = {
    "expired": _("flag_consent_expired", default="Expired"),
    "expiring": _("flag_consent_expiring", default="Expires soon"),
    "overdue": _("flag_overdue", default="Overdue"),
    "due_soon": _("flag_due_soon", default="Due soon"),
    "no_holder": _("flag_no_holder", default="No relay holder"),
    "left_unit": _("flag_holder_left_unit", default="Holder not on the unit's list"),
}


def _day(iso: str | None) -> str:
    return day_text(date.fromisoformat(iso)) if iso else ""


@implementer(IProductPage)
class DashboardView(BrowserView):
    def __call__(self):
        self.scope, self.unit = page_scope(self.context, self.request)
        self.request.response.setHeader("Cache-Control", "private, no-store")
        self.all = bool(self.request.form.get("all"))
        self.all_rows = ALL_ROWS
        size = ALL_ROWS if self.all else PAGE_ROWS
        self.data = queries.board(self.context, self.scope, self.unit, size=size)
        return self.index()

    @property
    def all_url(self) -> str:
        """This dashboard with every row of every list (``?all=1``), up to
        ALL_ROWS each."""
        unit = f"&unit={self.unit}" if self.unit else ""
        return f"{self.context.absolute_url()}/@@dashboard?all=1{unit}"

    def flag(self, code: str) -> str:
        return translated(FLAG_TITLES.get(code, code))

    def day(self, iso: str | None) -> str:
        return _day(iso)

    def rows(self, name: str) -> list[dict]:
        return self.data[name]

    def more(self, name: str) -> int:
        return max(0, self.data["totals"][name] - len(self.data[name]))

    @property
    def units_listed(self) -> int:
        return UNITS_LISTED

    def units(self) -> list[dict]:
        """The units to choose from, with their logs: all of them when there
        are two to UNITS_LISTED (more: a search and @@dashboard-units)."""
        units = self.data["units"]
        return units["items"] if 1 < units["items_total"] <= UNITS_LISTED else []

    def unit_title(self) -> str:
        return self.data.get("unit_title", "")

    def states(self) -> list[dict]:
        return [row for row in self.data["counts"]["by_state"] if row["count"]]


class DashboardAvailable(BrowserView):
    """For the main menu entry (portal_tabs): True for leaders and coordinators."""

    def __call__(self) -> bool:
        return may_see_dashboard(api.portal.get())
