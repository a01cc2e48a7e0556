"""@@log-audit: who has read this log. @@unit-audit: the logs of a unit (leaders)."""

from bti.portal import _
from bti.portal.audit import listing
from bti.portal.dates import time_text
from bti.portal.domain import audit
from bti.portal.relaylog.overview.paging import whole_or_400
from DateTime import DateTime
from plone import api
from plone.app.event.base import default_timezone
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlencode
from zExceptions import Unauthorized


class AuditPage(BrowserView):
    """Newest records first, one page at a time (``b_start``)."""

    template = ViewPageTemplateFile("templates/audit.pt")
    with_logs = False
    size = 50

    def uids(self) -> list[str]:
        raise NotImplementedError

    def __call__(self):
        self.start = whole_or_400(self.request.form, "b_start", 0, 0, 100_000_000)
        records = listing.NewestFirst(self.uids())
        self.total = len(records)
        self.records = records[self.start : self.start + self.size]
        return self.template()

    def entries(self) -> list[dict]:
        fullname = listing.fullnames()
        zone = default_timezone()
        return [
            {
                "when": time_text(DateTime(record.time).toZone(zone)),
                "who": (
                    api.portal.translate(_("audit_anonymous", default="Not logged in"))
                    if record.user_id == audit.ANONYMOUS
                    else fullname(record.user_id)
                ),
                "what": api.portal.translate(listing.action_label(record.action)),
                "log_uid": record.log_uid,
            }
            for record in self.records
        ]

    def range_note(self) -> str:
        return api.portal.translate(
            _(
                "audit_range",
                default="Records ${first}–${last} of ${total}, newest first.",
                mapping={
                    "first": self.start + 1,
                    "last": self.start + len(self.records),
                    "total": self.total,
                },
            )
        )

    def newer_url(self) -> str | None:
        return self._url(max(self.start - self.size, 0)) if self.start > 0 else None

    def older_url(self) -> str | None:
        if self.start + self.size >= self.total:
            return None
        return self._url(self.start + self.size)

    def _url(self, start: int) -> str:
        query = urlencode({"b_start": start})
        return f"{self.context.absolute_url()}/@@{self.__name__}?{query}"


class LogAuditView(AuditPage):
    title = _("log_audit_title", default="Who has read this log")
    help = _(
        "log_audit_help",
        default="Every time someone opens, changes or tries to open this log, "
        "it is written down here.",
    )

    def uids(self) -> list[str]:
        return listing.log_uids(self.context)


class UnitAuditView(AuditPage):
    title = _("unit_audit_title", default="Who has read the unit's logs")
    help = _(
        "unit_audit_help",
        default="Every time someone opened, changed or tried to open one of the "
        "unit's logs. A log is shown by its number, never by the child's name.",
    )
    with_logs = True

    def __call__(self):
        if not listing.may_read_unit_audit(self.context):
            raise Unauthorized("Only the unit's leaders see the audit of its logs.")
        self.logs = listing.unit_logs(self.context)
        return super().__call__()

    def uids(self) -> list[str]:
        return list(self.logs)

    def entries(self) -> list[dict]:
        entries = super().entries()
        for entry in entries:  # leaders cannot open a log: its id, no link
            entry["log_id"] = (self.logs.get(entry["log_uid"]) or "").rsplit("/", 1)[-1]
        return entries
