"""@@log-status: a log's status for oversight roles ("View log overview", no View).

A unit leader or coordinator who opens a log's address is sent here by the log
page. Initials, state, unit, holder, deadlines and consent validity: from the
catalog, never content. The read is audited like any request on a log.
"""

from bti.portal.catalog import path_of
from bti.portal.dates import day_text
from bti.portal.relaylog.dashboard.status import log_status
from datetime import date
from plone import api
from Products.Five.browser import BrowserView
from zExceptions import NotFound


class LogStatusView(BrowserView):
    def __call__(self):
        self.status = log_status(path_of(self.context))
        if self.status is None:
            raise NotFound()
        self.request.response.setHeader("Cache-Control", "private, no-store")
        return self.index()

    def day(self, iso: str | None) -> str:
        return day_text(date.fromisoformat(iso)) if iso else ""

    def holders(self) -> str:
        return ", ".join(person["fullname"] for person in self.status["holders"])

    def may_view(self) -> bool:
        return api.user.has_permission("View", obj=self.context)

    def dashboard_url(self) -> str:
        return f"{api.portal.get().absolute_url()}/logs/@@dashboard"
