"""Keep the log's ``bti_last_activity`` current when an item is added or changed.

Only that index and the log's catalog columns are refreshed: the log object itself
is not written (its modified date stays), so two people adding items at once do
not conflict on it.
"""

from bti.portal.content.relay_log import IRelayLog
from bti.portal.relaylog import find_log


def item_changed(item, event):
    if IRelayLog.providedBy(item):
        return
    log = find_log(item)
    if log is None:
        return
    log.reindexObject(idxs=["bti_last_activity"])
