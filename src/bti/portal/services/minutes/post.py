"""POST /<meeting>/@minutes {"text": "..."}: the minutes, as a LogMessage.

201 with {"@id": the message, "UID", "kind": "minutes", "meeting_uid",
"meeting": the meeting's URL} and a Location header. Refused: 403 (not holder or
participant) or 400 (no text, too long, meeting not started, body not JSON).
"""

from bti.portal.relaylog import errors
from bti.portal.relaylog.meetings import meetings
from bti.portal.services import body
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class MinutesPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        text = body.text(body.json_object(self.request), "text")
        try:
            message = meetings.write_minutes(self.context, text)
        except meetings.MeetingError as error:
            return errors.reply(self.request, error)
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
