"""GET /<meeting>/@invitations: every invitation sent, oldest first.

{"@id", "sequence": times sent, "invitations": [{"user": {"id", "fullname"},
"at": ISO time (UTC), "by": {"id", "fullname"}, "outcome": "sent" | "no_email" |
"not_on_log" | "failed"}]}
"""

from bti.portal.relaylog.meetings import meetings
from bti.portal.users import fullname
from plone.restapi.services import Service


def person(user_id: str) -> dict:
    return {"id": user_id, "fullname": fullname(user_id)}


class InvitationsGet(Service):
    def reply(self):
        return {
            "@id": f"{self.context.absolute_url()}/@invitations",
            "sequence": meetings.sequence(self.context),
            "invitations": [
                {
                    "user": person(entry["user"]),
                    "at": entry["at"],
                    "by": person(entry["by"]),
                    "outcome": entry["outcome"],
                }
                for entry in meetings.invitations(self.context)
            ],
        }
