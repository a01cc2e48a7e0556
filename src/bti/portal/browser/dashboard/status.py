"""@@log-status: a log's status for oversight roles ("View log overview", no View).

A unit leader or coordinator who opens a log's address is sent here by the log
page. Initials, state, unit, holder, deadlines and consent validity: from the
catalog, never content. The read is audited like any request on a log.
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from bti.portal.catalog import path_of
from bti.portal.dates import day_text
from bti.portal.interfaces import IProductPage
from bti.portal.relaylog.dashboard.status import log_status
from datetime import date
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import NotFound
from zope.interface import implementer


class LogStatusView(BrowserView):
    """Published on the log. The page is drawn in the log folder's frame
    (LogStatusPage): the site's header, menu and breadcrumbs need View on the
    context, which oversight roles lack on the log itself."""

    def __call__(self):
        status = log_status(path_of(self.context))
        if status is None:
            raise NotFound()
        self.request.response.setHeader("Cache-Control", "private, no-store")
        page = LogStatusPage(aq_parent(aq_inner(self.context)), self.request)
        page.status = status
        page.log = self.context
        return page.index()


@implementer(IProductPage)
class LogStatusPage(BrowserView):
    """Not published: LogStatusView draws it with the log folder as context."""

    index = ViewPageTemplateFile("templates/log_status.pt")
    status: dict | None = None
    log = None

    def day(self, iso: str | None) -> str:
        return day_text(date.fromisoformat(iso)) if iso else ""

    def holders(self) -> str:
        return ", ".join(person["fullname"] for person in self.status["holders"])

    def may_view(self) -> bool:
        return api.user.has_permission("View", obj=self.log)

    def dashboard_url(self) -> str:
        return f"{api.portal.get().absolute_url()}/logs/@@dashboard"
