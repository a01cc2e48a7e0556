"""POST <consent>/@sign-consent {"text_version": "..."}: sign the text shown."""

from bti.portal.oidc.assurance import signature_acr
from bti.portal.relaylog import errors
from bti.portal.relaylog.consent import signing
from bti.portal.services import body
from bti.portal.services.sign_consent.get import refusal
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class SignConsentPost(Service):
    def reply(self):
        acr = signature_acr(self.request)
        refused = refusal(self, acr)
        if refused:
            return refused
        alsoProvides(self.request, IDisableCSRFProtection)
        version = body.text(body.json_object(self.request), "text_version")
        try:
            record = signing.sign(
                self.context, api.user.get_current().getId(), acr, version
            )
        except signing.SigningError as error:
            return errors.reply(self.request, error)
        return {
            "@id": f"{self.context.absolute_url()}/@sign-consent",
            "user_id": record["user_id"],
            "role": record["role"],
            "at": record["at"],
            "acr": record["acr"],
            "text_version": record["text_version"],
        }
