"""POST /logs/@import-log: a new log from a package exported by another BTI site.

Either JSON {"data": the file in base64, "passphrase": str, "unit": unit UID,
"holder": user id (optional)}, or multipart/form-data with the fields ``file``,
``passphrase``, ``unit`` and ``holder``. The importing user holds the new log;
``holder``, a person on the unit, is offered it at once. Answers 201 with the
log's URL, state and where it came from.
"""

from base64 import b64decode
from binascii import Error as Base64Error
from bti.portal.relaylog import roles
from bti.portal.relaylog.handover.actions import offer_info
from bti.portal.relaylog.handover.rules import current_offer
from bti.portal.relaylog.transfer import actions
from bti.portal.relaylog.transfer.package import MAX_PACKAGE
from bti.portal.services import body
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


def text(value) -> str:
    return value if isinstance(value, str) else ""


class ImportLogPost(Service):
    # The package comes as a file upload or in base64 inside JSON.
    media_types = (body.JSON, body.MULTIPART)
    body_limit = MAX_PACKAGE * 4 // 3 + body.MAX_BODY

    def request_data(self) -> tuple[bytes, dict]:
        content_type = self.request.getHeader("Content-Type") or ""
        if content_type.startswith("multipart/form-data"):
            form = self.request.form
            return actions.upload_bytes(form.get("file")), form
        data = body.json_object(self.request, self.body_limit)
        try:
            return b64decode(text(data.get("data")), validate=True), data
        except (Base64Error, ValueError):
            raise actions.refuse("import_not_a_package") from None

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        package, data = self.request_data()
        log = actions.import_package(
            self.context,
            package,
            text(data.get("passphrase")),
            text(data.get("unit")),
            holder=text(data.get("holder")),
        )
        self.request.response.setStatus(201)
        url = log.absolute_url()
        self.request.response.setHeader("Location", url)
        unit = roles.unit_of(log)
        return {
            "@id": url,
            "id": log.getId(),
            "initials": log.Title(),
            "review_state": api.content.get_state(log),
            "unit": {"uid": unit.UID(), "title": unit.Title()},
            "holders": roles.holders(log),
            "offer": offer_info(current_offer(log)),
            "origin": actions.origin_summary(log),
            "next_steps_url": f"{url}/@@log-origin",
        }
