"""GET <log>/@family: who is added to the log by national id (never the number)."""

from bti.portal.relaylog.family import members as family
from plone.restapi.services import Service


class FamilyGet(Service):
    def reply(self):
        if not family.may_manage(self.context):
            self.request.response.setStatus(403)
            return {
                "type": "Forbidden",
                "message": "Only the relay holder sees and adds the family of a log.",
            }
        return {
            "@id": f"{self.context.absolute_url()}/@family",
            "items": [family.public_entry(e) for e in family.entries(self.context)],
        }
