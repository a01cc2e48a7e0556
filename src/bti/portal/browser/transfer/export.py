"""@@export-log: the holder downloads the log, sealed with a passphrase, for
another BTI site. Nothing is kept on the server; the request is audited."""

from bti.portal.relaylog.transfer import actions
from bti.portal.relaylog.transfer import rules as transfer
from bti.portal.relaylog.transfer import seal as package_seal
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zExceptions import Forbidden


class ExportLogView(BrowserView):
    min_passphrase = package_seal.MIN_PASSPHRASE

    def services(self) -> list[dict]:
        return actions.covered_services(self.context)

    def problems(self) -> list[str]:
        if not actions.may_export(self.context):
            return [actions.error_text("export_not_holder")]
        if api.content.get_state(self.context) not in transfer.MOVABLE_STATES:
            return [actions.error_text("transfer_log_not_active")]
        if not self.services():
            return [actions.error_text("transfer_consent_missing")]
        return []

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST":
            if "form.buttons.cancel" in form:
                return self.request.response.redirect(self.context.absolute_url())
            if "form.buttons.export" in form:
                CheckAuthenticator(self.request)
                try:
                    data = actions.export(
                        self.context,
                        form.get("service") or "",
                        form.get("passphrase") or "",
                        form.get("passphrase_again") or "",
                    )
                except (BadRequest, Forbidden) as error:
                    api.portal.show_message(
                        str(error), request=self.request, type="error"
                    )
                    return self.index()
                actions.download_headers(self.request.response, self.context, len(data))
                return data
        return self.index()
