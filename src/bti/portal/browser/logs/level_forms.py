"""Closing (with a reason), reopening, and Plone's state menu on a log.

Every transition lands in the workflow history with who, when and a comment.
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from bti.portal import _
from bti.portal.browser.logs.log_view import add_url
from bti.portal.domain import levels
from bti.portal.relaylog import roles
from bti.portal.relaylog.handover.actions import may_hand_over
from bti.portal.relaylog.handover.rules import current_offer
from bti.portal.relaylog.workflow import actions
from bti.portal.relaylog.workflow import transitions
from bti.portal.users import fullname
from bti.portal.vocabularies.logs import CLOSE_REASONS
from plone import api
from plone.app.content.browser.content_status_modify import ContentStatusModifyView
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView


NOT_NOW = _("transition_not_now", default="This change is not possible now.")


def show_problems(request, transition_id: str, codes) -> None:
    text = " ".join(reason["message"] for reason in transitions.reasons(codes))
    api.portal.show_message(
        _(
            "transition_refused",
            default="${transition}: not possible. ${reasons}",
            mapping={
                "transition": transitions.transition_title(transition_id),
                "reasons": text or api.portal.translate(NOT_NOW),
            },
        ),
        request=request,
        type="error",
    )


def done(request, action, *args) -> bool:
    """Run a level change; on refusal a status message, nothing saved, False."""
    try:
        action(*args)
    except actions.Refused as error:
        show_problems(request, error.transition_id, error.codes)
        return False
    return True


class CloseLogView(BrowserView):
    """@@close-log: choose why, then the log is closed (holder, Manager)."""

    def reasons(self) -> list[dict]:
        return [{"value": term.value, "title": term.title} for term in CLOSE_REASONS]

    def problems(self) -> list[dict]:
        return transitions.reasons(transitions.problems(self.context, "close"))

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST" and "form.buttons.cancel" in form:
            return self.request.response.redirect(self.context.absolute_url())
        if self.request.method == "POST" and "form.buttons.close" in form:
            CheckAuthenticator(self.request)
            reason = form.get("close_reason") or ""
            if reason not in CLOSE_REASONS:
                api.portal.show_message(
                    _("close_reason_missing", default="Choose why the log is closed."),
                    request=self.request,
                    type="error",
                )
                return self.index()
            comment = form.get("comment") or ""
            if done(self.request, actions.close, self.context, reason, comment):
                api.portal.show_message(
                    _("log_closed", default="The log is closed."), request=self.request
                )
                return self.request.response.redirect(self.context.absolute_url())
        return self.index()


class ReopenLogView(BrowserView):
    """@@reopen-log: the coordinator (or Manager) reopens a closed log.

    Coordinators have no View on the log: the page shows initials, unit, holder
    and the reason it was closed, nothing of its content.
    """

    def info(self) -> dict:
        unit = roles.unit_of(self.context)
        offer = current_offer(self.context)
        reason = self.context.close_reason
        return {
            "initials": self.context.Title(),
            "unit": unit.Title() if unit else "",
            "holders": [fullname(user_id) for user_id in roles.holders(self.context)],
            "offer_to": fullname(offer["to"]) if offer else "",
            "close_reason": CLOSE_REASONS.getTerm(reason).title
            if reason in CLOSE_REASONS
            else "",
            "closed": api.content.get_state(self.context) == levels.CLOSED,
        }

    def problems(self) -> list[dict]:
        if api.content.get_state(self.context) != levels.CLOSED:
            return transitions.reasons(["wrong_state"])
        return transitions.reasons(transitions.problems(self.context, "reopen"))

    def may_hand_over(self) -> bool:
        return may_hand_over(self.context)

    def may_add_consent(self) -> bool:
        return bool(add_url(self.context, "Consent"))

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST" and "form.buttons.reopen" in form:
            CheckAuthenticator(self.request)
            comment = form.get("comment") or ""
            if done(self.request, actions.reopen, self.context, comment):
                api.portal.show_message(
                    _("log_reopened", default="The log is open again, at level 1."),
                    request=self.request,
                )
                target = self.context
                if not api.user.has_permission("View", obj=target):
                    target = aq_parent(
                        aq_inner(target)
                    )  # the coordinator: the overview
                return self.request.response.redirect(target.absolute_url())
        return self.index()


class LogStatusModifyView(ContentStatusModifyView):
    """Plone's state menu on a log: a refused change explains itself.

    Plone's own view skips a transition the guard refuses and still says "Item
    state changed."; here the user reads why. Close and reopen go to their pages.
    """

    def __call__(self, workflow_action=None, comment="", **kwargs):
        log = self.context
        workflow_action = workflow_action or self.request.form.get("workflow_action")
        if workflow_action in transitions.FORMS:
            return self.request.response.redirect(
                f"{log.absolute_url()}/{transitions.FORMS[workflow_action]}"
            )
        if workflow_action in levels.TRANSITIONS:
            CheckAuthenticator(self.request)
            wftool = api.portal.get_tool("portal_workflow")
            offered = {t["id"] for t in wftool.getTransitionsFor(log)}
            if workflow_action not in offered:
                codes = (
                    transitions.problems(log, workflow_action)
                    if transitions.may_fire(log, workflow_action)
                    else []
                )
                show_problems(self.request, workflow_action, codes)
                return self.request.response.redirect(log.absolute_url())
        return super().__call__(workflow_action, comment, **kwargs)
