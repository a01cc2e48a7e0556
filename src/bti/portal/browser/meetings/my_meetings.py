"""My meetings: the meetings I am invited to or called; upcoming first, then
those of the last 30 days.

The catalog finds them (``bti_invited``, ``bti_start``) and keeps to meetings
the user may View; place and log are read from the meetings themselves (the
catalog holds no place). Titles are neutral ("Meeting 05.03.2026"), in the
reader's language.
"""

from bti.portal.browser.meetings.meeting_view import is_link
from bti.portal.dates import time_text
from bti.portal.relaylog import find_log
from bti.portal.relaylog.meetings import meetings
from bti.portal.relaylog.titles import reader_title
from plone import api
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized


def meeting_row(meeting) -> dict:
    log = find_log(meeting)
    return {
        "url": meeting.absolute_url(),
        "title": reader_title(meeting),
        "start": meetings.start_of(meeting),
        "when": time_text(meetings.start_of(meeting)),
        "place": meeting.place or "",
        "place_is_link": is_link(meeting.place),
        "log_url": log.absolute_url() if log is not None else "",
        "log_title": log.Title() if log is not None else "",
    }


class MyMeetingsView(BrowserView):
    def __call__(self):
        if api.user.is_anonymous():  # at the site root: log in first
            raise Unauthorized("Log in to see your meetings.")
        return self.index()

    def rows(self) -> list[dict]:
        return [meeting_row(brain.getObject()) for brain in meetings.my_meetings()]

    def groups(self) -> dict:
        now = meetings.now()
        rows = self.rows()
        return {
            "upcoming": [row for row in rows if row["start"] >= now],
            "past": sorted(
                (row for row in rows if row["start"] < now),
                key=lambda row: row["start"],
                reverse=True,
            ),
        }
