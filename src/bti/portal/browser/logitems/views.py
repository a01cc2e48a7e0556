"""The page of one item in a log (goal, activity, evaluation, message,
consent, file), if someone opens it: what it is, its fields, what it holds,
and the way back to the log. Never Plone's folder listing or settings."""

from bti.portal import _
from bti.portal.content.family_page import direction
from bti.portal.dates import day_text
from bti.portal.dates import time_text
from bti.portal.relaylog import find_log
from bti.portal.relaylog.consent.provenance import provenance_text
from bti.portal.relaylog.titles import reader_title
from bti.portal.users import fullname
from datetime import date
from datetime import datetime
from plone import api
from plone.dexterity.browser.view import DefaultView


# Shown under the heading: what kind of item this is.
KINDS = {
    "Goal": _("item_kind_goal", default="Goal"),
    "Activity": _("item_kind_activity", default="Activity"),
    "Evaluation": _("item_kind_evaluation", default="Evaluation"),
    "LogMessage": _("item_kind_message", default="Message"),
    "Consent": _("item_kind_consent", default="Consent"),
    "Attachment": _("item_kind_attachment", default="File or picture"),
}
# Fields the page shows elsewhere (the heading) or never.
HIDDEN = frozenset({"title", "meeting_uid"})
# Fields that hold user ids: shown as full names.
PEOPLE = frozenset({"signed_by"})


class LogItemView(DefaultView):
    def heading(self) -> str:
        return reader_title(self.context)

    def heading_language(self) -> str | None:
        """A heading people wrote is in the site's language; a generated one
        is in the page's (None: inherited)."""
        if self.heading() == self.context.Title():
            return self.content_language()
        return None

    def log(self):
        return find_log(self.context)

    def log_url(self) -> str:
        log = self.log()
        return (log or self.context).absolute_url()

    def kind(self):
        return KINDS.get(self.context.portal_type, "")

    def content_language(self) -> str:
        """Written by people in the log, in the site's language."""
        return api.portal.get_default_language() or "nb"

    def content_direction(self) -> str:
        return direction(self.content_language())

    def shown_fields(self) -> list:
        """The type's own fields that have a value (no behaviour settings)."""
        widgets = list(self.widgets.items())
        for group in self.groups:
            widgets.extend(group.widgets.items())
        return [
            widget
            for name, widget in widgets
            if name not in HIDDEN
            and widget.field.interface is self.schema
            and widget.value not in (None, "", [], ())
        ]

    def shown_values(self) -> list[dict]:
        """Label and value of each shown field: days as on the log's page
        (four-digit years), people by their full names, the rest as the
        widget renders it (``html``)."""
        rows = []
        for widget in self.shown_fields():
            name = widget.field.__name__
            value = getattr(self.context, name, None)
            row = {"label": widget.label, "text": None, "html": None}
            if name in PEOPLE:
                row["text"] = ", ".join(fullname(v) for v in value or ())
            elif isinstance(value, datetime):
                row["text"] = time_text(value)
            elif isinstance(value, date):
                row["text"] = day_text(value)
            else:
                row["html"] = widget.render()
            rows.append(row)
        return rows

    def provenance(self) -> str:
        if self.context.portal_type != "Consent":
            return ""
        return provenance_text(self.context)

    def children(self) -> list[dict]:
        """A goal's activities, an activity's evaluations (what the user may see)."""
        if not hasattr(self.context, "objectValues"):
            return []
        return [
            {"title": reader_title(item), "url": item.absolute_url()}
            for item in self.context.objectValues()
            if api.user.has_permission("View", obj=item)
        ]
