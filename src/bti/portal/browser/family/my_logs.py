"""@@my-logs ("Mine logger"): the family's own logs, in plain words.

The data comes from bti.portal.relaylog.family.overview, which GET @my-logs
returns too. Anonymous visitors are sent to the login.
"""

from bti.portal.browser.family.family_pages import page_link
from bti.portal.browser.family.languages import LanguageSwitcherMixin
from bti.portal.content.family_page import pages_in
from bti.portal.content.family_page import site_language
from bti.portal.dates import day_text
from bti.portal.dates import time_text
from bti.portal.domain import permissions as p
from bti.portal.relaylog.family import overview as family_overview
from bti.portal.relaylog.people import role_title
from bti.portal.users import VIEW_WORK_PAGE
from datetime import datetime
from plone import api
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized


def when(value: datetime | None, long_format: bool = True) -> str:
    if value is None:
        return ""
    return time_text(value) if long_format else day_text(value)


class MyLogsView(LanguageSwitcherMixin, BrowserView):
    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("Log in to see your logs.")
        self.entries = [self.card(e) for e in family_overview.my_family_logs()]
        portal = api.portal.get()
        if not self.entries and api.user.has_permission(VIEW_WORK_PAGE, obj=portal):
            # Staff on no log as family: their logs are on "Mitt arbeid".
            self.request.response.redirect(f"{portal.absolute_url()}/@@my-work")
            return ""
        return self.index()

    def card(self, entry: dict) -> dict:
        meeting = entry["next_meeting"]
        return {
            **entry,
            "roles": ", ".join(role_title(role) for role in entry["my_roles"]),
            "holder_names": ", ".join(h["fullname"] for h in entry["holders"]),
            "meeting_when": when(meeting["start"]) if meeting else "",
            "message_when": when(entry["newest_message"], long_format=False),
        }

    def youth_only(self) -> bool:
        """The reader is the young person on every log listed: their own log."""
        return bool(self.entries) and all(
            p.YOUTH in entry["my_roles"] for entry in self.entries
        )

    def family_pages(self) -> list[dict]:
        found = pages_in(self.language()) or pages_in(site_language())
        return [page_link(page) for page in found]

    def staff_logs_url(self) -> str | None:
        """Staff with logs of their own find them in the log folder."""
        folder = api.portal.get().get("logs")
        if folder is not None and api.user.has_permission("View", obj=folder):
            return folder.absolute_url()
        return None
