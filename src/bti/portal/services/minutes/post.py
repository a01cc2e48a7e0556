"""POST /<meeting>/@minutes {"text": "..."}: the minutes, as a LogMessage.

201 with {"@id": the message, "UID", "kind": "minutes", "meeting_uid",
"meeting": the meeting's URL} and a Location header. Refused: 403 (not holder or
participant) or 400 (no text, too long, meeting not started, body not JSON).
"""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.services import Service
from zope.interface import alsoProvides

from bti.portal.logs import meetings
from bti.portal.services.meeting_invitations.post import error_reply


class MinutesPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            body = json_body(self.request)
        except DeserializationError:
            body = None
        if not isinstance(body, dict):
            return error_reply(self.request, meetings.MeetingError("body_not_json"))
        text = body.get("text")
        try:
            message = meetings.write_minutes(
                self.context, text if isinstance(text, str) else ""
            )
        except meetings.MeetingError as error:
            return error_reply(self.request, error)
        url = message.absolute_url()
        self.request.response.setStatus(201)
        self.request.response.setHeader("Location", url)
        return {
            "@id": url,
            "UID": message.UID(),
            "kind": message.kind,
            "meeting_uid": message.meeting_uid,
            "meeting": self.context.absolute_url(),
        }
