"""Edit forms of the log's items: after saving (or cancelling) back to the
log's page with a message in the reader's language, never Plone's "Changes
saved" on the raw item page."""

from bti.portal import _
from bti.portal.browser.widgets.no_versioning import WithoutVersioningFields
from bti.portal.relaylog import find_log
from plone.dexterity.browser import edit
from plone.dexterity.interfaces import IDexterityEditForm
from plone.z3cform import layout
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import button
from zope.interface import classImplements


SAVED = _("saved_changes", default="Your changes are saved.")
CANCELLED = _("edit_cancelled", default="Nothing was changed.")


class LogItemEditForm(WithoutVersioningFields, edit.DefaultEditForm):
    success_message = SAVED
    handlers = edit.DefaultEditForm.handlers.copy()

    @button.handler(edit.DefaultEditForm.buttons["cancel"])
    def handleCancel(self, action):
        IStatusMessage(self.request).addStatusMessage(CANCELLED, "info")
        self.request.response.redirect(self.nextURL())

    def nextURL(self):
        log = find_log(self.context)
        return (log or self.context).absolute_url()


LogItemEditView = layout.wrap_form(LogItemEditForm)
classImplements(LogItemEditView, IDexterityEditForm)
