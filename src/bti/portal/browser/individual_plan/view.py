"""@@individual-plan: start the plan (coordinator, consent), or read about it.

Two steps for whoever may start it: the form (coordinator, comment) posts
``form.buttons.review`` and the page says what will happen, changing nothing;
``form.buttons.start`` (with the form's token) starts the plan. "Cancel" on
the confirmation goes back to the form with what was typed.
"""

from bti.portal import _
from bti.portal.browser.logs.colleague_picker import ColleaguePicker
from bti.portal.dates import time_text
from bti.portal.relaylog.guide.actions import add_url
from bti.portal.relaylog.individual_plan import actions
from bti.portal.relaylog.individual_plan import rules
from bti.portal.relaylog.individual_plan.preview import CONSENT_CODES
from bti.portal.relaylog.individual_plan.preview import preview
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zope.i18n import translate


def _text(form, name: str) -> str:
    value = form.get(name) or ""
    if not isinstance(value, str):
        raise BadRequest(f"One {name}, as text")
    return value


class IndividualPlanView(ColleaguePicker, BrowserView):
    """The coordinator is chosen among the child coordinators and the log's
    unit's people; people on other units are found by name."""

    refused: tuple = ()
    confirm: dict | None = None

    def __call__(self):
        form = self.request.form
        # A search (GET) brings back what was typed.
        self.coordinator = _text(form, "coordinator").strip()
        self.comment = _text(form, "comment")
        if self.request.method != "POST":
            return self.index()
        if "form.buttons.cancel" in form:
            return self.request.response.redirect(self.context.absolute_url())
        if "form.buttons.back" in form:
            return self.index()
        if "form.buttons.review" in form:
            CheckAuthenticator(self.request)
            try:
                actions.check_comment(self.comment)
                self.confirm = preview(self.context, self.coordinator)
            except actions.PlanRefused as error:
                return self.refuse(error)
            return self.index()
        if "form.buttons.start" in form:
            CheckAuthenticator(self.request)
            try:
                actions.start(self.context, self.coordinator, self.comment)
            except actions.PlanRefused as error:
                return self.refuse(error)
            api.portal.show_message(
                _("plan_started", default="The log continues as an individual plan."),
                request=self.request,
            )
            return self.request.response.redirect(self.context.absolute_url())
        return self.index()

    coordinator: str = ""
    comment: str = ""

    def refuse(self, error):
        self.refused = error.codes
        self.request.response.setStatus(error.status)
        api.portal.show_message(
            translate(error.message, context=self.request),
            request=self.request,
            type="error",
        )
        return self.index()

    def choose(self, query: str):
        return rules.choice(self.context, query)

    def picker_url(self) -> str:
        return f"{self.context.absolute_url()}/@@individual-plan"

    def plan(self) -> dict:
        data = actions.summary(self.context, choice=self.choice)
        if data["started"]:
            data["started"]["when"] = time_text(actions.started(self.context)["at"])
        return data

    def needs_consent(self, plan) -> bool:
        codes = {item["code"] for item in plan.get("problems") or ()}
        return bool((codes | set(self.refused)) & CONSENT_CODES)

    def consent_url(self) -> str | None:
        """The consent's add form (kind: consent for cooperation, by hand)."""
        return add_url(self.context, "Consent")
