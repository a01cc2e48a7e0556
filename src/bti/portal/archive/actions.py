"""Making a copy: at the events (subscribers), twice a year (periodic), on request.

A copy that fails never breaks the action that asked for it: the error is
logged with the log's random id, the event and the kind of error (never its
message, which could quote the log), and the log is marked pending; the
twice-yearly run retries it.

The events ask for a copy (``request_copy``); it is rendered once per log and
event just before the transaction commits (a before-commit hook), so it shows
the log as committed and is kept exactly when the action is. A transaction
that is aborted renders nothing.
"""

from bti.portal.archive import render
from bti.portal.archive import store
from bti.portal.domain import archive as rules
from datetime import datetime
from datetime import UTC
from plone import api
from Products.CMFCore.utils import getToolByName
from ZODB.POSException import ConflictError
from zope.component.hooks import site as site_hook

import logging
import transaction


logger = logging.getLogger("bti.portal.archive")
_QUEUE = object()  # the key of the transaction's queue (transaction.data)


def make_copy(log, event: str, moment: datetime | None = None) -> dict | None:
    """A copy of ``log`` for ``event``; None (and pending) when rendering failed."""
    moment = moment or datetime.now(UTC)
    try:
        pdf = render.pdf(log, event, moment)
    except ConflictError:
        raise
    except Exception as error:
        logger.error(
            "Archive copy failed: log %s, event %s, %s",
            log.getId(),
            event,
            type(error).__name__,
        )
        store.mark_pending(log, event)
        return None
    return store.add(log, event, pdf, moment)


def request_copy(log, event: str) -> None:
    """A copy of ``log`` for ``event`` when the current transaction commits."""
    txn = transaction.get()
    try:
        queue = txn.data(_QUEUE)
    except KeyError:
        queue = []
        txn.set_data(_QUEUE, queue)
        txn.addBeforeCommitHook(flush, (txn,))
    if not any(entry[0] is log and entry[1] == event for entry in queue):
        queue.append((log, event))


def flush(txn=None) -> list:
    """Make the copies asked for in ``txn`` (the current one) now."""
    txn = txn or transaction.get()
    try:
        queue = txn.data(_QUEUE)
    except KeyError:
        return []
    made = []
    while queue:
        log, event = queue.pop(0)
        # The log's own site, whatever site the committing code has set.
        with site_hook(getToolByName(log, "portal_url").getPortalObject()):
            made.append(make_copy(log, event))
    return made


def periodic_logs() -> list:
    """Logs the twice-yearly run copies (running and passive), unrestricted."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="RelayLog", review_state=list(rules.PERIODIC_STATES)
    )
    return [brain._unrestrictedGetObject() for brain in brains]


def log_by_uid(uid: str):
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="RelayLog", UID=uid):
        return brain._unrestrictedGetObject()
    return None


def retry_pending() -> tuple[int, int]:
    """Copies for every pending event; (made, failed)."""
    made = failed = 0
    for uid, events in store.pending().items():
        log = log_by_uid(uid)
        if log is None:
            continue
        for event in events:
            if make_copy(log, event) is None:
                failed += 1
            else:
                made += 1
    return made, failed
