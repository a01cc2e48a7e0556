"""What the audit pages and the @audit endpoint show: one log's records, or the
records of a unit's logs for its leaders. Shared by the views and the service."""

from __future__ import annotations

from AccessControl import getSecurityManager
from bti.portal import _
from bti.portal.audit.store import AuditStore
from bti.portal.audit.store import store_for_site
from bti.portal.domain import audit
from bti.portal.users import fullname
from collections.abc import Callable
from collections.abc import Sequence
from plone import api
from plone.uuid.interfaces import IUUID


ACTION_LABELS = {
    audit.VIEW: _("audit_action_view", default="Read"),
    audit.EDIT: _("audit_action_edit", default="Changed or added"),
    audit.FORM: _("audit_action_form", default="Opened a form"),
    audit.FORM_CLOSED: _(
        "audit_action_form_closed", default="Closed a form without saving"
    ),
    audit.DOWNLOAD: _("audit_action_download", default="Opened a file or image"),
    audit.HISTORY: _("audit_action_history", default="Read the history"),
    audit.SHARING: _("audit_action_sharing", default="Sharing"),
    audit.WORKFLOW: _("audit_action_workflow", default="Changed the status"),
    audit.AUDIT: _("audit_action_audit", default="Read who has read the log"),
    audit.DENIED: _("audit_action_denied", default="Was refused access"),
    audit.ROUND_OPEN: _("audit_action_round_open", default="Opened a control round"),
    audit.ROUND_CHECK: _(
        "audit_action_round_check", default="Checked in a control round"
    ),
    audit.ROUND_CLOSE: _("audit_action_round_close", default="Closed a control round"),
    "rest_get": _("audit_action_rest_get", default="Read (app)"),
    "rest_post": _("audit_action_rest_post", default="Added (app)"),
    "rest_patch": _("audit_action_rest_patch", default="Changed (app)"),
    "rest_put": _("audit_action_rest_put", default="Changed (app)"),
    "rest_delete": _("audit_action_rest_delete", default="Deleted (app)"),
}


class NewestFirst(Sequence):
    """The records of some logs, newest first, read from the store a chunk at a
    time (for plone.batching and plain slices)."""

    CHUNK = 100

    def __init__(self, uids: list[str], store: AuditStore | None = None):
        self.uids = list(uids)
        self.store = store or site_store()
        self._length = None
        self._first, self._chunk = 0, []

    def __len__(self) -> int:
        if self._length is None:
            self._length = self.store.count(self.uids) if self.uids else 0
        return self._length

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if not self._first <= index < self._first + len(self._chunk):
            self._first = index
            self._chunk = self.store.for_logs(
                self.uids, newest_first=True, limit=self.CHUNK, offset=index
            )
        if index - self._first >= len(self._chunk):
            raise IndexError(index)
        return self._chunk[index - self._first]


def site_store() -> AuditStore:
    return store_for_site(api.portal.get().getId())


def log_uids(log) -> list[str]:
    return [IUUID(log)]


def unit_logs(unit) -> dict[str, str]:
    """UID -> URL of the unit's logs (unrestricted: leaders cannot view logs)."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="RelayLog", bti_unit=IUUID(unit)
    )
    return {brain.UID: brain.getURL() for brain in brains}


def may_read_unit_audit(unit) -> bool:
    """Managers, and the unit's leaders."""
    user = getSecurityManager().getUser()
    if user is None or user.getId() is None:
        return False
    return user.has_role("Manager", unit) or user.getId() in (unit.leaders or ())


def fullnames() -> Callable[[str], str]:
    """A lookup from user id to full name (the id when there is none), cached."""
    known: dict[str, str] = {}

    def cached(userid: str) -> str:
        if userid not in known:
            anonymous = userid == audit.ANONYMOUS
            known[userid] = userid if anonymous else fullname(userid)
        return known[userid]

    return cached


def action_label(action: str):
    return ACTION_LABELS.get(action, action)
