"""POST /<log>/@archive: a copy of the log now (event "manual"); 201 with the
copy, or 503 when it could not be made (it is then pending for the next run)."""

from bti.portal import _
from bti.portal.archive.actions import make_copy
from bti.portal.domain import archive as rules
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class ArchivePost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        record = make_copy(self.context, rules.MANUAL)
        if record is None:
            self.request.response.setStatus(503)
            message = _(
                "archive_copy_failed",
                default="The copy could not be made now. It will be made at the "
                "next archive run.",
            )
            return {
                "error": {
                    "type": "ArchiveError",
                    "message": api.portal.translate(message),
                }
            }
        self.request.response.setStatus(201)
        url = f"{self.context.absolute_url()}/@archive/{record['copy_id']}"
        return {"@id": url, "id": record["copy_id"], **record}
