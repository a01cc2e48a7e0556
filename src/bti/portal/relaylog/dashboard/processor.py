"""Keep a log's dashboard dates (log_dates.py) current as its items change.

An indexing-queue processor, beside the catalog's own: whenever a goal,
activity or consent is indexed, reindexed or unindexed (added, edited, signed,
withdrawn, moved on, deleted; any code path that tells the catalog), the log's
two date indexes are written from its objects. A log the catalog does not hold
(deleted in this transaction, or new: it is indexed whole) is left alone.
"""

from Acquisition import aq_base
from bti.portal.relaylog import find_log
from bti.portal.relaylog.dashboard import log_dates
from Products.CMFCore.interfaces import IIndexQueueProcessor
from Products.CMFCore.utils import getToolByName
from zope.interface import implementer


@implementer(IIndexQueueProcessor)
class LogDatesProcessor:
    def _refresh(self, obj) -> None:
        if not isinstance(aq_base(obj), log_dates.SOURCES):
            return
        log = find_log(obj)
        if log is None:
            return
        # The log's own catalog, from its own database connection (a memo of
        # the request may hold one from another connection: a test layer's).
        catalog = getToolByName(log, "portal_catalog")
        path = "/".join(log.getPhysicalPath())
        if catalog._catalog.uids.get(path) is None:
            return
        catalog.catalog_object(
            log, path, idxs=list(log_dates.INDEXES), update_metadata=0
        )

    def index(self, obj, attributes=None):
        self._refresh(obj)

    def reindex(self, obj, attributes=None, update_metadata=1):
        self._refresh(obj)

    def unindex(self, obj):
        self._refresh(obj)

    def begin(self):
        pass

    def commit(self, wait=None):
        pass

    def abort(self):
        pass
