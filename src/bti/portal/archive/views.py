"""The archivist's page: every copy in the archive, newest first; a copy's PDF."""

from bti.portal import _
from bti.portal.archive import store
from bti.portal.archive.labels import EVENT_TITLES
from bti.portal.dates import time_text
from bti.portal.domain import archive as rules
from datetime import datetime
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import NotFound


def download_headers(response, record: dict, size: int) -> None:
    name = rules.file_name(record["log_id"], record["copy_id"])
    response.setHeader("Content-Type", "application/pdf")
    response.setHeader("Content-Disposition", f'attachment; filename="{name}"')
    response.setHeader("Content-Length", str(size))
    response.setHeader("Cache-Control", "private, no-store")


class ArchiveCopiesView(BrowserView):
    index = ViewPageTemplateFile("templates/archive_copies.pt")

    def __call__(self):
        self.request.response.setHeader("Cache-Control", "private, no-store")
        return self.index()

    def title(self):
        return _("archive_page_title", default="Archive of relay logs")

    def copies(self) -> list[dict]:
        base = f"{api.portal.get().absolute_url()}/@@archive-copy"
        return [
            {
                **record,
                "event_title": EVENT_TITLES.get(record["event"], record["event"]),
                "when": time_text(datetime.fromisoformat(record["time"])),
                "size_kb": max(1, round(record["size"] / 1024)),
                "url": f"{base}?log={record['log_uid']}&copy={record['copy_id']}",
                "file_name": rules.file_name(record["log_id"], record["copy_id"]),
            }
            for record in store.all_copies()
        ]

    def pending_count(self) -> int:
        return sum(len(events) for events in store.pending().values())


class ArchiveCopyView(BrowserView):
    """``@@archive-copy?log=<uid>&copy=<copy id>``: the PDF (404 otherwise)."""

    def __call__(self):
        uid = self.request.form.get("log")
        copy_id = self.request.form.get("copy")
        if not isinstance(uid, str) or not isinstance(copy_id, str):
            raise NotFound("archive copy")
        pdf = store.pdf_of(uid, copy_id)
        if pdf is None:
            raise NotFound("archive copy")
        [record] = [r for r in store.copies(uid) if r["copy_id"] == copy_id]
        download_headers(self.request.response, record, len(pdf))
        return pdf
