"""@@individual-plan: start the plan (coordinator, consent), or read about it."""

from bti.portal import _
from bti.portal.dates import time_text
from bti.portal.relaylog.guide.actions import add_url
from bti.portal.relaylog.individual_plan import actions
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate


# Codes the family's consent settles: the page offers to record one.
CONSENT_CODES = frozenset({
    "consent_missing",
    "cooperation_consent_missing",
    "service_not_covered",
    "plan_service_not_covered",
})


class IndividualPlanView(BrowserView):
    def __call__(self):
        form = self.request.form
        if self.request.method == "POST":
            if "form.buttons.cancel" in form:
                return self.request.response.redirect(self.context.absolute_url())
            if "form.buttons.start" in form:
                CheckAuthenticator(self.request)
                try:
                    actions.start(
                        self.context,
                        (form.get("coordinator") or "").strip(),
                        form.get("comment") or "",
                    )
                except actions.PlanRefused as error:
                    self.refused = error.codes
                    api.portal.show_message(
                        translate(error.message, context=self.request),
                        request=self.request,
                        type="error",
                    )
                    return self.index()
                api.portal.show_message(
                    _(
                        "plan_started",
                        default="The log continues as an individual plan.",
                    ),
                    request=self.request,
                )
                return self.request.response.redirect(self.context.absolute_url())
        return self.index()

    refused: tuple = ()

    def plan(self) -> dict:
        data = actions.summary(self.context)
        if data["started"]:
            data["started"]["when"] = time_text(actions.started(self.context)["at"])
        return data

    def needs_consent(self, plan) -> bool:
        codes = {item["code"] for item in plan.get("problems") or ()}
        return bool((codes | set(self.refused)) & CONSENT_CODES)

    def consent_url(self) -> str | None:
        """The consent's add form (kind: consent for cooperation, by hand)."""
        return add_url(self.context, "Consent")
