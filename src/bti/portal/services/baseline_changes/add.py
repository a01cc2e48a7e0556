"""POST /<site>/@baseline-changes: {"uid": <baseline page>, "action": "take"
or "keep"} answers one change; {"action": "sync"} adds the new pages."""

from bti.portal.baseline.actions import answer
from bti.portal.baseline.actions import sync
from bti.portal.baseline.errors import BaselineError
from bti.portal.services.body import json_object
from bti.portal.services.body import text
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class BaselineChangesPost(Service):
    def reply(self):
        # Token-less REST clients authenticate per request, as in plone.restapi.
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_object(self.request)
        action = text(data, "action")
        url = f"{self.context.absolute_url()}/@baseline-changes"
        if action == "sync":
            return {"@id": url, "sync": sync(self.context)}
        if action not in ("take", "keep"):
            raise BaselineError("baseline_action")
        uid = text(data, "uid")
        if not uid:
            raise BaselineError("baseline_unknown_page")
        return {"@id": url, "uid": uid, "result": answer(self.context, uid, action)}
