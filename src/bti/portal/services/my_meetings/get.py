"""GET /logs/@my-meetings (or /@my-meetings): meetings the user is invited to or
called, upcoming and from the last 30 days, earliest first.

{"@id", "items_total", "items": [{"@id", "UID", "title" (neutral), "start", "end"
(ISO with offset), "place", "log": {"@id", "title"}}]}
"""

from bti.portal.relaylog import find_log
from bti.portal.relaylog.meetings import meetings
from plone import api
from plone.restapi.services import Service
from zExceptions import Unauthorized


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def item(meeting) -> dict:
    log = find_log(meeting)
    return {
        "@id": meeting.absolute_url(),
        "UID": meeting.UID(),
        "title": meeting.Title(),
        "start": iso(meetings.start_of(meeting)),
        "end": iso(meetings.end_of(meeting)),
        "place": meeting.place or "",
        "log": {"@id": log.absolute_url(), "title": log.Title()}
        if log is not None
        else None,
    }


class MyMeetingsGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            raise Unauthorized("Log in to see your meetings.")
        found = [item(brain.getObject()) for brain in meetings.my_meetings()]
        return {
            "@id": f"{self.context.absolute_url()}/@my-meetings",
            "items_total": len(found),
            "items": found,
        }
