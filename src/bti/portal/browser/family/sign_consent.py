"""@@sign-consent on a Consent: read the text, confirm, and the signature is kept.

Needs a high assurance login (BankID): other sessions are sent to the login
with acr_values. In demo mode a local password session may sign too; the
signature then records the acr "demo" and the page says so. The page is
computed in Python: on a draft log the family may read the consent text but
nothing else, so the template never reaches into the content itself.
"""

from bti.portal import _
from bti.portal.browser.errors.views import forbidden_page
from bti.portal.dates import day_text
from bti.portal.oidc.assurance import DEMO_ACR
from bti.portal.oidc.assurance import high_assurance_login_url
from bti.portal.oidc.assurance import signature_acr
from bti.portal.relaylog import find_log
from bti.portal.relaylog.consent import signing
from bti.portal.relaylog.consent.texts import language_of
from bti.portal.vocabularies.logs import CONSENT_KINDS
from bti.portal.vocabularies.logs import SERVICE_KINDS
from datetime import date
from datetime import datetime
from plone import api
from plone.protect import CheckAuthenticator
from plone.protect.authenticator import createToken
from Products.Five.browser import BrowserView


REFUSED = _(
    "sign_not_family",
    default="Only the child's guardians or the young person can sign this consent.",
)


def _title(vocabulary, value: str):
    try:
        return vocabulary.getTerm(value).title
    except LookupError:
        return value


def sign_url(consent) -> str:
    return f"{consent.absolute_url()}/@@sign-consent"


class SignConsentView(BrowserView):
    def __call__(self):
        self.acr = signature_acr(self.request)
        if self.acr is None:
            url = high_assurance_login_url(
                self.request, came_from=sign_url(self.context)
            )
            self.request.response.redirect(url)
            return ""
        self.user_id = api.user.get_current().getId()
        if not signing.may_read(self.context, self.user_id):
            # The neutral page on the site root: nothing of the log around it.
            return forbidden_page(self.request, REFUSED)
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            try:
                signing.sign(
                    self.context,
                    self.user_id,
                    self.acr,
                    self.request.form.get("text_version", ""),
                )
            except signing.SigningError as error:
                api.portal.show_message(
                    error.message, request=self.request, type="error"
                )
                self.request.response.setStatus(400)
                return self.index()
            api.portal.show_message(
                _(
                    "consent_signed_thanks",
                    default="Thank you. Your consent is recorded.",
                ),
                request=self.request,
            )
            self.request.response.redirect(sign_url(self.context))
            return ""
        return self.index()

    def data(self) -> dict:
        language = language_of(api.portal.get_current_language(context=self.context))
        data = signing.page_data(self.context, self.user_id, language)
        problem = data["problem"]
        return {
            **data,
            "initials": find_log(self.context).title,
            "kind_label": _title(CONSENT_KINDS, data["kind"]),
            "service_labels": [_title(SERVICE_KINDS, s) for s in data["services"]],
            "may_sign": problem is None,
            "problem_message": (
                signing.MESSAGES[problem]
                if problem and problem != "sign_already_signed"
                else None
            ),
            "signed_on": _day(data["signed_by_me"], datetime),
            "valid_until_text": _day(data["valid_until"], date),
            "demo": self.acr == DEMO_ACR,
            "action": sign_url(self.context),
            "token": createToken(),
        }


def _day(iso: str | None, kind) -> str:
    """An ISO day or moment as the log's page writes a day (four-digit year)."""
    return day_text(kind.fromisoformat(iso)) if iso else ""
