"""GET <consent>/@sign-consent: the text to sign in the user's language, its version."""

from bti.portal.oidc.assurance import high_assurance_login_url
from bti.portal.oidc.assurance import signature_acr
from bti.portal.relaylog.consent import signing
from bti.portal.relaylog.consent.texts import language_of
from plone import api
from plone.restapi.services import Service
from zope.i18n import translate


def refusal(service, acr):
    """401 without high assurance, 403 for people who may not read; else None."""
    request, consent = service.request, service.context
    if acr is None:
        request.response.setStatus(401)
        return {
            "type": "Unauthorized",
            "message": "Log in with BankID (high assurance) to sign a consent.",
            "login_url": high_assurance_login_url(
                request, came_from=f"{consent.absolute_url()}/@@sign-consent"
            ),
        }
    if not signing.may_read(consent, api.user.get_current().getId()):
        request.response.setStatus(403)
        return {
            "type": "Forbidden",
            "code": "sign_not_family",
            "message": translate(signing.MESSAGES["sign_not_family"], context=request),
        }
    return None


class SignConsentGet(Service):
    def reply(self):
        acr = signature_acr(self.request)
        refused = refusal(self, acr)
        if refused:
            return refused
        user_id = api.user.get_current().getId()
        language = self.request.form.get("language") or api.portal.get_current_language(
            context=self.context
        )
        data = signing.page_data(self.context, user_id, language_of(language))
        return {
            "@id": f"{self.context.absolute_url()}/@sign-consent",
            **data,
            "may_sign": data["problem"] is None,
            "acr": acr,
        }
