"""The log folder's default view: my logs, offered to me, logs I oversee."""

from bti.portal import _
from bti.portal.dates import time_text
from bti.portal.relaylog.overview import lists as overview
from DateTime import DateTime
from datetime import date
from datetime import datetime
from datetime import time
from plone import api
from Products.Five.browser import BrowserView


def _day(iso: str | None) -> str:
    if not iso:
        return ""
    return api.portal.get_localized_time(
        datetime=datetime.combine(date.fromisoformat(iso), time())
    )


def _when(iso: str) -> str:
    """In the site's time zone, written as the reader writes it (as the log's
    own history)."""
    return time_text(DateTime(iso)) if iso else ""


class LogsOverviewView(BrowserView):
    def __call__(self):
        self.lists = overview.lists(self.context)
        return self.index()

    def names(self, people) -> str:
        return ", ".join(person["fullname"] for person in people)

    def my_logs(self) -> list[dict]:
        return [
            {**entry, "roles": ", ".join(role["title"] for role in entry["my_roles"])}
            for entry in self.lists["my_logs"]
        ]

    def offered(self) -> list[dict]:
        return self.lists["offered_to_me"]

    def overseen(self) -> list[dict]:
        return [
            {
                **entry,
                "modified_text": _when(entry["modified"]),
                "deadline_text": _day(entry["next_deadline"]),
            }
            for entry in self.lists["overseen"]
        ]

    def add_links(self) -> list[dict]:
        """Start a log, note a concern, see my concerns: where the user may."""
        folder = self.context
        types = api.portal.get_tool("portal_types")
        links = []
        for type_name, label in (
            ("RelayLog", _("add_relay_log", default="Start a log")),
            ("Concern", _("add_concern", default="Note a concern")),
        ):
            fti = types.getTypeInfo(type_name)
            if fti is not None and fti.isConstructionAllowed(folder):
                links.append({
                    "url": f"{folder.absolute_url()}/++add++{type_name}",
                    "title": label,
                })
        if (
            api.user.has_permission("bti.portal: Add Concern", obj=folder)
            or self.overseen()
        ):
            links.append({
                "url": f"{folder.absolute_url()}/@@concerns",
                "title": _("my_concerns", default="Concerns (level 0)"),
            })
        if api.user.has_permission("bti.portal: Import log", obj=folder):
            links.append({
                "url": f"{folder.absolute_url()}/@@import-log",
                "title": _(
                    "import_log_link",
                    default="Receive a log from another municipality",
                ),
            })
        return links
