"""Catalog data for the oversight dashboard and the catalog-only log lists.

- ``bti_people_roles`` (RelayLog, an index only): ``<role>|<principal id>`` for
  the holder, participant and family roles on the log, so "my logs" and the role
  shown per row come from the catalog; user ids only, never a metadata column;
- ``bti_last_activity`` (RelayLog, index and column): the day the log or an item
  in it was last added or changed (a log's own modified date does not move when
  an item is added), kept by relaylog.dashboard.subscribers; from the log's own
  date, the catalog's newest item and the items still queued for indexing,
  without waking the items;
- ``bti_open_deadline``, ``bti_consent_until`` (RelayLog, indexes only): the
  earliest open activity deadline and the latest consent end
  (relaylog.dashboard.log_dates, kept by its queue processor);
- ``bti_leaders`` (Unit, an index only): the user ids of the unit's leaders.
"""

from bisect import bisect_left
from bti.portal.content.relay_log import IRelayLog
from bti.portal.content.unit import IUnit
from bti.portal.relaylog.dashboard import log_dates
from bti.portal.relaylog.roles import people_role_keys
from plone.indexer import indexer
from Products.CMFCore.indexing import getQueue
from Products.CMFCore.indexing import UNINDEX
from Products.CMFCore.utils import getToolByName
from Products.ZCatalog.ZCatalog import ZCatalog

import transaction


@indexer(IRelayLog)
def people_roles(obj):
    return people_role_keys(obj)


def _day(modified):
    return modified.asdatetime().date() if modified else None


def _newest_item_day(log, path: str):
    """The day the newest cataloged item of the log was changed: one catalog
    query (the items are not woken; a log may hold hundreds). ZCatalog's own
    search: the portal catalog's would flush the indexing queue, and this runs
    while the queue is being processed (its items: ``_pending_days``)."""
    brains = ZCatalog.searchResults(
        # The log's own catalog: at a commit the site hook may already be
        # another site's (plone.app.testing's ploneSite resets it first).
        getToolByName(log, "portal_catalog"),
        path={"query": path, "depth": -1},
        sort_on="modified",
        sort_order="reverse",
        sort_limit=2,
    )
    for brain in brains[:2]:
        if brain.getPath() != path:
            return _day(brain.modified)
    return None


def _pending_days(path: str):
    """Days of the log's items waiting in this transaction's indexing queue
    (just added or changed: the catalog does not know them yet)."""
    paths, entries = _queue_by_path()
    inside = path + "/"
    first = bisect_left(paths, inside)
    for number in range(first, len(paths)):
        if not paths[number].startswith(inside):
            break
        operation, obj = entries[number]
        if operation != UNINDEX:
            yield _day(obj.modified())


def _walked_day(container, latest):
    """The newest day of ``container``'s items, each woken (see last_activity)."""
    for item in container.objectValues():
        day = _day(item.modified())
        if day is not None and (latest is None or day > latest):
            latest = day
        if getattr(item, "isPrincipiaFolderish", False):
            latest = _walked_day(item, latest)
    return latest


def _queued(path: str) -> bool:
    paths, _entries = _queue_by_path()
    number = bisect_left(paths, path)
    return number < len(paths) and paths[number] == path


def _queue_by_path() -> tuple[list, list]:
    """The indexing queue's paths, sorted, and their (operation, object); made
    once while the queue stays as it is (a commit that indexes 100 new logs
    asked the whole queue twice for each), kept with the transaction. The
    queue's list is changed in place: it grows by appends, and optimizing
    (new tuples) or a savepoint's rollback (an earlier state) replaces its
    entries, so its length and the identity of its last entry tell."""
    queue = getQueue()
    entries = queue.queue
    last = entries[-1] if entries else None
    current = transaction.get()  # what is kept goes with the transaction
    try:
        kept = current.data(queue)
    except KeyError:
        kept = None
    if kept and kept[0] is entries and kept[1] == len(entries) and kept[2] is last:
        return kept[3], kept[4]
    found = sorted(
        (
            ("/".join(obj.getPhysicalPath()), (operation, obj))
            for operation, obj, *_ in entries
        ),
        key=lambda pair: pair[0],
    )
    paths = [path for path, _entry in found]
    pairs = [entry for _path, entry in found]
    current.set_data(queue, (entries, len(entries), last, paths, pairs))
    return paths, pairs


@indexer(IRelayLog)
def last_activity(obj):
    path = "/".join(obj.getPhysicalPath())
    days = None
    if _queued(path):
        # Indexed from the queue (a write, at its commit): the catalog knows
        # the items but those in the queue, which are read from it.
        newest, pending = _newest_item_day(obj, path), list(_pending_days(path))
        if newest is not None or pending or not obj.objectIds():
            days = [_day(obj.modified()), newest, *pending]
    if days is None:
        # A direct catalog call, or items the catalog does not know (a
        # rebuild after the log was changed): the items are read (rare).
        days = [_walked_day(obj, _day(obj.modified()))]
    days = [day for day in days if day is not None]
    if not days:
        raise AttributeError("last_activity")
    return max(days)


def _or_left_out(found, name: str):
    """plone.indexer leaves the log out of the index for an AttributeError."""
    if found is None:
        raise AttributeError(name)
    return found


@indexer(IRelayLog)
def open_deadline(obj):
    return _or_left_out(log_dates.open_deadline(obj), "open_deadline")


@indexer(IRelayLog)
def consent_until(obj):
    return _or_left_out(log_dates.consent_until(obj), "consent_until")


@indexer(IUnit)
def unit_leaders(obj):
    return tuple(sorted(obj.leaders or ()))
