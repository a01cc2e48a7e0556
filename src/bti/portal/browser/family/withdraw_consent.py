"""@@withdraw-consent on a log: a guardian, the young person or the holder
withdraws the consent to keep the log; the log becomes passive."""

from bti.portal import _
from bti.portal.oidc.assurance import DEMO_ACR
from bti.portal.oidc.assurance import high_assurance_login_url
from bti.portal.oidc.assurance import signature_acr
from bti.portal.relaylog.consent import signing
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView


class WithdrawConsentView(BrowserView):
    def __call__(self):
        self.acr = signature_acr(self.request)
        url = f"{self.context.absolute_url()}/@@withdraw-consent"
        if self.acr is None:
            self.request.response.redirect(
                high_assurance_login_url(self.request, came_from=url)
            )
            return ""
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            try:
                signing.withdraw(self.context, api.user.get_current().getId(), self.acr)
            except signing.SigningError as error:
                api.portal.show_message(
                    error.message, request=self.request, type="error"
                )
                self.request.response.setStatus(400)
                return self.index()
            api.portal.show_message(
                _(
                    "consent_withdrawn_done",
                    default="The consent is withdrawn. "
                    "The log is now passive: nobody can write in it.",
                ),
                request=self.request,
            )
            self.request.response.redirect(self.context.absolute_url())
            return ""
        return self.index()

    def demo(self) -> bool:
        return self.acr == DEMO_ACR
