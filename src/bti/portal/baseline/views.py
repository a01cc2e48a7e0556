"""@@baseline-changes: "Changes in the baseline guide" for a site's editors."""

from bti.portal import _
from bti.portal.baseline.actions import answer
from bti.portal.baseline.actions import sync
from bti.portal.baseline.changes import baseline_of
from bti.portal.baseline.changes import local_overrides
from bti.portal.baseline.changes import pending
from bti.portal.baseline.errors import BaselineError
from bti.portal.baseline.listing import KINDS
from bti.portal.baseline.listing import row
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import BadRequest


FIELD_LABELS = {
    "title": _("baseline_field_title", default="Title"),
    "description": _("baseline_field_description", default="Summary"),
    "text": _("baseline_field_text", default="Text"),
}


class BaselineChangesView(BrowserView):
    def __call__(self):
        if self.request.method == "POST":
            self.handle_post()
            return self.request.response.redirect(
                f"{self.context.absolute_url()}/@@baseline-changes"
            )
        return self.index()

    def handle_post(self) -> None:
        CheckAuthenticator(self.request)
        form = self.request.form
        try:
            if "sync" in form:
                report = sync(self.context)
                message = _(
                    "baseline_synced",
                    default="Synchronised: ${added} new page(s) added, ${linked} "
                    "page(s) linked.",
                    mapping=report,
                )
            else:
                uid, action = form.get("uid"), form.get("action")
                if not isinstance(uid, str) or not isinstance(action, str):
                    raise BaselineError("baseline_action")
                done = answer(self.context, uid, action)
                message = (
                    _("baseline_taken", default="The baseline's text was taken in.")
                    if done == "taken"
                    else _("baseline_kept", default="Your text was kept.")
                )
        except BaselineError as error:
            raise BadRequest(api.portal.translate(error.message)) from error
        api.portal.show_message(message, request=self.request)

    def baseline(self):
        return baseline_of(self.context)

    def baseline_title(self) -> str:
        baseline = self.baseline()
        return baseline.Title() if baseline is not None else ""

    def rows(self) -> list[dict]:
        if self.baseline() is None:
            return []
        rows = [row(item) for item in pending(self.context)]
        for item in rows:
            item["kind_title"] = KINDS[item["kind"]]
            for diff in (*item["upstream"], *item["local"]):
                diff["label"] = FIELD_LABELS[diff["field"]]
        return rows

    def overrides(self) -> int:
        return local_overrides(self.context) if self.baseline() is not None else 0
