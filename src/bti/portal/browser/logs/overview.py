"""The log folder's default view: my logs, offered to me, logs I oversee."""

from bti.portal import _
from bti.portal.dates import day_text
from bti.portal.dates import time_text
from bti.portal.relaylog.overview import lists as overview
from bti.portal.relaylog.overview.paging import whole_or_400
from bti.portal.users import is_family_user
from DateTime import DateTime
from datetime import date
from plone import api
from plone.memoize.view import memoize
from Products.Five.browser import BrowserView


def _day(iso: str | None) -> str:
    """Written as the reader writes a day (as on "Mitt arbeid"), each day once
    a page."""
    return day_text(date.fromisoformat(iso)) if iso else ""


def _when(iso: str) -> str:
    """In the site's time zone, written as the reader writes it (as the log's
    own history)."""
    return time_text(DateTime(iso)) if iso else ""


class LogsOverviewView(BrowserView):
    """``?b_start=N`` pages "logs I oversee" (``?all=1``: every one)."""

    def __call__(self):
        if is_family_user(api.user.get_current()):
            # Families have their own page of logs (the breadcrumb leads here).
            portal_url = api.portal.get().absolute_url()
            return self.request.response.redirect(f"{portal_url}/@@my-logs")
        self.start = whole_or_400(self.request.form, "b_start", 0, 0, 10_000_000)
        self.size = None if self.request.form.get("all") else overview.OVERSEEN_PAGE
        self.lists = overview.lists(self.context, self.start, self.size)
        return self.index()

    def overseen_pages(self) -> dict | None:
        """Where this page of "logs I oversee" is, and links to the others."""
        total, shown = self.lists["overseen_total"], len(self.lists["overseen"])
        if self.size is None or total <= shown:
            return None
        url = self.context.absolute_url()
        following = self.start + self.size
        return {
            "first": self.start + 1 if shown else 0,
            "last": self.start + shown,
            "total": total,
            "previous_url": f"{url}?b_start={max(0, self.start - self.size)}"
            if self.start
            else None,
            "next_url": f"{url}?b_start={following}" if following < total else None,
            "all_url": f"{url}?all=1",
        }

    def names(self, people) -> str:
        return ", ".join(person["fullname"] for person in people)

    def my_logs(self) -> list[dict]:
        return [
            {**entry, "roles": ", ".join(role["title"] for role in entry["my_roles"])}
            for entry in self.lists["my_logs"]
        ]

    def offered(self) -> list[dict]:
        return self.lists["offered_to_me"]

    @memoize
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
            or self.lists["overseen_total"]
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
