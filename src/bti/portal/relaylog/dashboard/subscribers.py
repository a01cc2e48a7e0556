"""Keep the log's ``bti_last_activity`` current when an item is added or changed.

Only that index and the log's catalog columns are refreshed: the log object itself
is not written (its modified date stays), so two people adding items at once do
not conflict on it. When the catalog already gives the log the item's day or a
later one (most posts: the log was active today), nothing is asked of it.
"""

from bti.portal.content.relay_log import IRelayLog
from bti.portal.relaylog import find_log
from bti.portal.relaylog.dashboard.records import Records
from datetime import date
from Products.CMFCore.utils import getToolByName


def item_changed(item, event):
    if IRelayLog.providedBy(item):
        return
    log = find_log(item)
    if log is None or _known_as_late(log, item):
        return
    log.reindexObject(idxs=["bti_last_activity"])


def _known_as_late(log, item) -> bool:
    """The log's cataloged last activity is the item's day or later: a reindex
    would change nothing, yet rebuild the log's catalog record at the commit."""
    modified = item.modified()
    if not modified:
        return False
    records = Records(getToolByName(log, "portal_catalog"))
    rid = records.rid_of("/".join(log.getPhysicalPath()))
    if rid is None:
        return False
    known = records.value(rid, "bti_last_activity")
    return isinstance(known, date) and known >= modified.asdatetime().date()
