"""POST <log>/@family {"national_id": "...", "role": "Guardian"|"Youth", "name": "..."}.

The holder links a guardian or the young person by national id; only its keyed
hash is kept. Answers 201 with the entry (no number, no hash) or 400.
"""

from bti.portal.relaylog import errors
from bti.portal.relaylog.family import members as family
from bti.portal.services import body
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class FamilyPost(Service):
    def reply(self):
        if not family.may_manage(self.context):
            self.request.response.setStatus(403)
            return {
                "type": "Forbidden",
                "message": "Only the relay holder adds the family of a log.",
            }
        # Token-less REST clients authenticate per request, as in plone.restapi.
        alsoProvides(self.request, IDisableCSRFProtection)
        data = body.json_object(self.request)
        national_id = body.text(data, "national_id")
        role, name = body.text(data, "role"), body.text(data, "name")
        # Plone's error log keeps the request (with the cached body) with an error.
        self.request.other["BODY"] = b""
        try:
            entry = family.add_member(
                self.context,
                national_id,
                role,
                added_by=api.user.get_current().getId(),
                name=name,
            )
        except family.FamilyError as error:
            return errors.reply(self.request, error)
        self.request.response.setStatus(201)
        return {
            "@id": f"{self.context.absolute_url()}/@family",
            **family.public_entry(entry),
        }
