"""POST /<meeting>/@invitations (no body): mail the invitations now.

Answers who got one and who did not, by outcome: {"@id", "sequence",
"sent": [person], "no_email": [person], "not_on_log": [person], "failed": [person]}
with person = {"id", "fullname"}. Refused: 403 (not holder or participant) or
400 (nobody invited, meeting started) with {"error": {"type", "code", "message"}}.
"""

from bti.portal.relaylog import errors
from bti.portal.relaylog.meetings import meetings
from bti.portal.services import body
from bti.portal.services.meeting_invitations.get import person
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class InvitationsPost(Service):
    def reply(self):
        # Token-less REST clients authenticate per request, as in plone.restapi.
        alsoProvides(self.request, IDisableCSRFProtection)
        body.json_object(self.request)  # no body is needed; a bad one is a 400
        try:
            result = meetings.send_invitations(self.context)
        except meetings.MeetingError as error:
            return error_reply(self.request, error)
        return {
            "@id": f"{self.context.absolute_url()}/@invitations",
            "sequence": meetings.sequence(self.context),
            **{
                outcome: [person(user_id) for user_id in user_ids]
                for outcome, user_ids in result.items()
            },
        }


def error_reply(request, error: meetings.MeetingError) -> dict:
    return errors.reply(request, error)
