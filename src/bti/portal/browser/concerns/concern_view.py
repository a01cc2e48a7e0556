"""A concern: what was noticed, the talks, the deadline, and the decision form."""

from Acquisition import aq_inner
from Acquisition import aq_parent
from bti.portal import _
from bti.portal.dates import day_text
from bti.portal.domain import permissions as p
from bti.portal.relaylog import roles
from bti.portal.relaylog.concerns import decisions
from bti.portal.relaylog.reasons import message
from bti.portal.users import fullname
from bti.portal.vocabularies.logs import CONCERN_DECISIONS
from datetime import date
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


# Shown under each choice of the decision form.
DECISION_HELP = {
    "close": _("help_decision_close", default="Nothing more is needed. Write why."),
    "watch": _(
        "help_decision_watch",
        default="Keep observing; the concern stays open for a later decision.",
    ),
    "start_log": _(
        "help_decision_start_log",
        default="You become the relay holder of a new log in draft. Then add the "
        "child's full name and national identity number, and get consent.",
    ),
    "child_welfare": _(
        "help_decision_child_welfare",
        default="On suspicion of violence, abuse or serious neglect: report at once. "
        "No log is started. Write what was reported and why.",
    ),
}


def decision_title(value: str | None):
    if value in CONCERN_DECISIONS:
        return CONCERN_DECISIONS.getTerm(value).title
    return ""


class ConcernView(BrowserView):
    template = ViewPageTemplateFile("templates/concern_view.pt")

    def __call__(self):
        if self.request.method == "POST" and "form.buttons.decide" in self.request.form:
            next_url = self.record_decision()
            if next_url:
                self.request.response.redirect(next_url)
                return ""
        return self.template()

    def record_decision(self) -> str | None:
        """Where to go after a recorded decision; None (and a message) on a problem."""
        CheckAuthenticator(self.request)
        decision = self._form_text("decision")
        reason = self._form_text("reason")
        try:
            log = decisions.decide(self.context, decision, reason)
        except decisions.DecisionError as error:
            api.portal.show_message(
                message(error.code), request=self.request, type="error"
            )
            return None
        if log is not None:
            api.portal.show_message(
                _(
                    "msg_log_started",
                    default="The Stafettlogg is started and you hold the relay. Add "
                    "the child's full name and national identity number. The log "
                    "stays a draft until there is consent.",
                ),
                request=self.request,
            )
            return f"{log.absolute_url()}/edit"
        api.portal.show_message(
            _("msg_decision_recorded", default="The decision is recorded."),
            request=self.request,
        )
        return self.context.absolute_url()

    def _form_text(self, name: str) -> str:
        value = self.request.form.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    # What the template shows.

    def unit_title(self) -> str:
        unit = roles.unit_of(self.context)
        return unit.Title() if unit is not None else ""

    def day(self, value) -> str:
        return day_text(value)

    def noted_by(self) -> str:
        return fullname(self.context.Creator())

    def is_open(self) -> bool:
        return api.content.get_state(self.context) == p.CONCERN_OPEN

    def can_decide(self) -> bool:
        return self.is_open() and api.user.has_permission(
            p.DECIDE_CONCERN, obj=self.context
        )

    def decision(self) -> dict | None:
        if not self.context.decision:
            return None
        return {
            "value": self.context.decision,
            "title": decision_title(self.context.decision),
            "reason": self.context.decision_reason or "",
            "on": self.context.decided_on,
        }

    def history(self) -> list[dict]:
        """Earlier decisions (keep watching), oldest first; the latest is above."""
        return [
            {
                **entry,
                "title": decision_title(entry["decision"]),
                "by": fullname(entry["by"]),
                "on": day_text(date.fromisoformat(entry["on"])),
            }
            for entry in decisions.history(self.context)[:-1]
        ]

    def log(self):
        return decisions.related_log(self.context)

    def overview_url(self) -> str:
        """The logs overview (status only), for those who may open it."""
        folder = aq_parent(aq_inner(self.context))
        if not api.user.has_permission(p.OVERVIEW, obj=folder):
            return ""
        return f"{folder.absolute_url()}/@@logs-overview"

    def choices(self) -> list[dict]:
        chosen = self.request.form.get("decision", "")
        return [
            {
                "value": term.value,
                "title": term.title,
                "help": DECISION_HELP[term.value],
                "checked": term.value == chosen,
            }
            for term in CONCERN_DECISIONS
        ]

    def reason(self) -> str:
        return self._form_text("reason")
