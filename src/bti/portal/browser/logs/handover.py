"""@@handover (offer the relay to a colleague, withdraw the offer) and
@@accept-handover (the colleague accepts or declines).

Both pages show the log's initials and unit only: the unit leader and the
offered colleague have no View on the log.
"""

from bti.portal import _
from bti.portal.browser.logs.colleague_picker import ColleaguePicker
from bti.portal.relaylog import roles
from bti.portal.relaylog.handover import actions
from bti.portal.relaylog.handover import rules as handover
from bti.portal.users import fullname
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zExceptions import Forbidden


class HandoverBase(BrowserView):
    def info(self) -> dict:
        unit = roles.unit_of(self.context)
        offer = handover.current_offer(self.context)
        return {
            "initials": self.context.Title(),
            "unit": unit.Title() if unit else "",
            "offer": {
                "to": fullname(offer["to"]),
                "by": fullname(offer["by"]),
                "keep_previous": offer["keep_previous"],
            }
            if offer
            else None,
        }

    def run(self, action: str, **options) -> bool:
        """One action as the current user; a status message either way."""
        CheckAuthenticator(self.request)
        try:
            actions.perform(self.context, action, **options)
        except (BadRequest, Forbidden) as error:
            api.portal.show_message(str(error), request=self.request, type="error")
            return False
        api.portal.show_message(
            actions.success_message(action, self.context, options.get("to", "")),
            request=self.request,
        )
        return True

    def back_url(self) -> str:
        """The log for those who may read it, else the log folder's overview."""
        if api.user.has_permission("View", obj=self.context):
            return self.context.absolute_url()
        return self.context.aq_parent.absolute_url()


class HandoverView(ColleaguePicker, HandoverBase):
    """Holder or unit leader: offer the log to a colleague, or withdraw the
    offer. The unit's people are listed; others are found by name."""

    def holders(self) -> list[str]:
        return [fullname(user_id) for user_id in roles.holders(self.context)]

    def exclude(self) -> set[str]:
        return set(roles.holders(self.context))

    def picker_url(self) -> str:
        return f"{self.context.absolute_url()}/@@handover"

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST":
            if "form.buttons.offer" in form:
                if self.run(
                    "offer",
                    to=form.get("to") or "",
                    keep_previous=bool(form.get("keep_previous")),
                ):
                    return self.request.response.redirect(self.back_url())
            elif "form.buttons.withdraw" in form:
                self.run("withdraw")
            elif "form.buttons.cancel" in form:
                return self.request.response.redirect(self.back_url())
        return self.index()


class AcceptHandoverView(HandoverBase):
    """The offered colleague: accept or decline. Public page, checked here."""

    def __call__(self):
        actions.current_user_id()  # anonymous: log in first
        offer = handover.current_offer(self.context)
        if not offer or offer["to"] != api.user.get_current().getId():
            code = "handover_not_for_you" if offer else "handover_no_offer"
            api.portal.show_message(
                actions.ERRORS[code], request=self.request, type="error"
            )
            return self.request.response.redirect(self.context.aq_parent.absolute_url())
        form = self.request.form
        if self.request.method == "POST":
            if "form.buttons.accept" in form and self.run("accept"):
                return self.request.response.redirect(self.context.absolute_url())
            if "form.buttons.decline" in form and self.run("decline"):
                return self.request.response.redirect(
                    self.context.aq_parent.absolute_url()
                )
        return self.index()

    def keep_previous_text(self):
        return _(
            "handover_keep_previous_note",
            default="The present holder stays on the log as participant.",
        )
