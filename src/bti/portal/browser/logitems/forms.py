"""Add forms of the log's items: a heading in plain words, and after saving
(or cancelling) back to the log's page with a message that says what happened,
never to a raw item page."""

from bti.portal import _
from bti.portal.browser.widgets.no_versioning import WithoutVersioningFields
from bti.portal.relaylog import find_log
from bti.portal.relaylog.family import rules as family_rules
from plone import api
from plone.dexterity.browser import add


# portal_type -> (form heading, message after saving)
TEXTS = {
    "Goal": (
        _("add_goal", default="Add goal"),
        _("saved_goal", default="The goal is saved."),
    ),
    "Activity": (
        _("add_activity", default="Add activity"),
        _("saved_activity", default="The activity is saved."),
    ),
    "Evaluation": (
        _("add_evaluation", default="Add evaluation"),
        _("saved_evaluation", default="The evaluation is saved."),
    ),
    "LogMessage": (
        _("add_message", default="Write message"),
        _("saved_message", default="The message is saved in the log."),
    ),
    "Meeting": (
        _("add_meeting", default="Add meeting"),
        _("saved_meeting", default="The meeting is saved."),
    ),
    "Consent": (
        _("add_consent", default="Record consent"),
        _("saved_consent", default="The consent is recorded."),
    ),
    "Attachment": (
        _("add_attachment", default="Add file or picture"),
        _("saved_attachment", default="The file is saved."),
    ),
}
FAMILY_COMMENT = (
    _("add_comment", default="Add a comment"),
    _("saved_comment", default="Your comment is saved."),
)


class ReturnsToLog:
    """For add forms inside a log (mixed in before DefaultAddForm)."""

    def texts(self) -> tuple:
        if self.portal_type == "Evaluation" and family_rules.is_family_only(
            self.context, api.user.get_current()
        ):
            return FAMILY_COMMENT
        return TEXTS[self.portal_type]

    @property
    def label(self):
        return self.texts()[0]

    @property
    def success_message(self):
        return self.texts()[1]

    def nextURL(self):
        log = find_log(self.context)
        return (log or self.context).absolute_url()


class LogItemAddForm(ReturnsToLog, WithoutVersioningFields, add.DefaultAddForm):
    pass


class LogItemAddView(add.DefaultAddView):
    form = LogItemAddForm
