"""@@transfer: move the log to another unit and offer it to a person there."""

from bti.portal.relaylog import roles
from bti.portal.relaylog.transfer import actions
from bti.portal.relaylog.transfer import rules as transfer
from bti.portal.users import fullname
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zExceptions import Forbidden


class TransferView(BrowserView):
    """Holder or unit leader: choose the receiving unit and its new holder."""

    def info(self) -> dict:
        unit = roles.unit_of(self.context)
        return {
            "initials": self.context.Title(),
            "unit": unit.Title() if unit else "",
            "holders": ", ".join(
                fullname(user_id) for user_id in roles.holders(self.context)
            ),
        }

    def units(self) -> list[dict]:
        return actions.units_to_choose(self.context)

    def covered(self) -> list[dict]:
        """Services the family's consent for cooperation covers (where it may go)."""
        return actions.covered_services(self.context)

    def problems(self) -> list[str]:
        """Why no unit can take the log now (its state), as messages."""
        if api.content.get_state(self.context) not in transfer.MOVABLE_STATES:
            return [actions.error_text("transfer_log_not_active")]
        return []

    def back_url(self) -> str:
        if api.user.has_permission("View", obj=self.context):
            return self.context.absolute_url()
        return self.context.aq_parent.absolute_url()

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST":
            if "form.buttons.cancel" in form:
                return self.request.response.redirect(self.back_url())
            if "form.buttons.transfer" in form:
                CheckAuthenticator(self.request)
                holder = form.get("holder") or ""
                try:
                    offer = actions.transfer_log(
                        self.context,
                        form.get("unit") or "",
                        holder,
                        keep_previous=bool(form.get("keep_previous")),
                    )
                except (BadRequest, Forbidden) as error:
                    api.portal.show_message(
                        str(error), request=self.request, type="error"
                    )
                    return self.index()
                api.portal.show_message(
                    actions.transfer_message(self.context, holder, offer),
                    request=self.request,
                )
                return self.request.response.redirect(self.back_url())
        return self.index()
