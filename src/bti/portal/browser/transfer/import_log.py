"""@@import-log on the log folder (a coordinator or Manager) and @@log-origin,
the next steps for the holder of an imported log."""

from bti.portal import _
from bti.portal.relaylog.family.members import may_manage
from bti.portal.relaylog.people import role_title
from bti.portal.relaylog.transfer import actions
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zExceptions import Forbidden


class ImportLogView(BrowserView):
    def units(self) -> list[dict]:
        return actions.import_units()

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST":
            if "form.buttons.cancel" in form:
                return self.request.response.redirect(self.context.absolute_url())
            if "form.buttons.import" in form:
                CheckAuthenticator(self.request)
                try:
                    log = actions.import_package(
                        self.context,
                        actions.upload_bytes(form.get("file")),
                        form.get("passphrase") or "",
                        form.get("unit") or "",
                        holder=form.get("holder") or "",
                    )
                except (BadRequest, Forbidden) as error:
                    api.portal.show_message(
                        str(error), request=self.request, type="error"
                    )
                    return self.index()
                api.portal.show_message(
                    _(
                        "import_done",
                        default="The log is imported. See what to do next.",
                    ),
                    request=self.request,
                )
                return self.request.response.redirect(
                    f"{log.absolute_url()}/@@log-origin"
                )
        return self.index()


class LogOriginView(BrowserView):
    """Where an imported log came from, and what its holder does next."""

    def origin(self) -> dict | None:
        origin = actions.origin_summary(self.context)
        if origin:
            for note in origin["family"]:
                note["role_title"] = role_title(note["role"])
            for entry in origin["roles"]:
                entry["role_titles"] = ", ".join(
                    role_title(role) for role in entry["roles"]
                )
        return origin

    def may_add_family(self) -> bool:
        return may_manage(self.context)
