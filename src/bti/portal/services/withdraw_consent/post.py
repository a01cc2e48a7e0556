"""POST <log>/@withdraw-consent: withdraw the consent; the log becomes passive."""

from bti.portal.oidc.assurance import high_assurance_login_url
from bti.portal.oidc.assurance import signature_acr
from bti.portal.relaylog.consent import signing
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides


class WithdrawConsentPost(Service):
    def reply(self):
        acr = signature_acr(self.request)
        if acr is None:
            self.request.response.setStatus(401)
            return {
                "type": "Unauthorized",
                "message": "Log in with BankID (high assurance) to withdraw consent.",
                "login_url": high_assurance_login_url(
                    self.request,
                    came_from=f"{self.context.absolute_url()}/@@withdraw-consent",
                ),
            }
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            withdrawn = signing.withdraw(
                self.context, api.user.get_current().getId(), acr
            )
        except signing.SigningError as error:
            self.request.response.setStatus(400)
            return {
                "type": "BadRequest",
                "code": error.code,
                "message": translate(error.message, context=self.request),
            }
        return {
            "@id": f"{self.context.absolute_url()}/@withdraw-consent",
            "review_state": api.content.get_state(self.context),
            "withdrawn": [item.UID() for item in withdrawn],
        }
