"""POST <consent>/@sign-consent {"text_version": "..."}: sign the text shown."""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides

from bti.portal.logs import signing
from bti.portal.oidc.assurance import signature_acr
from bti.portal.services.sign_consent.get import refusal


class SignConsentPost(Service):
    def reply(self):
        acr = signature_acr(self.request)
        refused = refusal(self, acr)
        if refused:
            return refused
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request)
        version = str(data.get("text_version") or "") if isinstance(data, dict) else ""
        try:
            record = signing.sign(
                self.context, api.user.get_current().getId(), acr, version
            )
        except signing.SigningError as error:
            status = (
                403 if error.code in ("sign_not_family", "sign_not_guardian") else 400
            )
            self.request.response.setStatus(status)
            return {
                "type": "Forbidden" if status == 403 else "BadRequest",
                "code": error.code,
                "message": translate(error.message, context=self.request),
            }
        return {
            "@id": f"{self.context.absolute_url()}/@sign-consent",
            "user_id": record["user_id"],
            "role": record["role"],
            "at": record["at"],
            "acr": record["acr"],
            "text_version": record["text_version"],
        }
