"""The dashboard's lists kept as the logs change: a catalog index.

A coordinator's dashboard covers every log of the site. Worked out from the
other indexes per request, its counts and first pages took sets of every log
(the scope, each date range, their intersections), so it grew with the site.
This index files each log (and each open concern) in a few lists as the
catalog indexes it: per key of a list, the records and their number (a
``BTrees.Length``, whose concurrent changes merge). A total over the whole
site is then a sum over days or units, and a first page a walk over the first
keys of a list.

A record is filed from the values the catalog's own indexes hold for it
(``entries``), once the catalog is done with it: the index marks it when it
is indexed and files it before the commit, or before the lists are read.
No indexer runs twice and no object is woken, and the lists hold exactly what
the indexes hold. The index provides ``ITransposeQuery``: whenever one of
its source indexes is (re)indexed alone (a transition: ``review_state``; a
post: ``bti_last_activity``), ZCatalog marks the record here too. It answers
no query.
"""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from AccessControl.Permissions import manage_zcatalog_indexes
from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from bti.portal.domain import dashboard as rules
from bti.portal.domain import permissions as p
from BTrees.IIBTree import IITreeSet
from BTrees.IOBTree import IOBTree
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from OFS.SimpleItem import SimpleItem
from persistent import Persistent
from Products.CMFCore.indexing import processQueue
from Products.PluginIndexes.interfaces import IPluggableIndex
from Products.PluginIndexes.interfaces import ITransposeQuery
from weakref import WeakKeyDictionary
from zope.interface import implementer

import transaction


INDEX = "bti_dashboard_lists"
NEVER = 0  # the "idle" key of an active log without a known last activity
# The indexes whose values the lists are made of (and the units' notes).
SOURCES = (
    "portal_type",
    "review_state",
    "bti_unit",
    "bti_holder",
    "bti_open_deadline",
    "bti_consent_until",
    "bti_last_activity",
    "bti_deadline",
    "bti_people",  # a unit's list of people (units_changed)
    "Title",
    "sortable_title",
)
# List -> its keys; a day is the date index's own value for it (its
# ``_convert``), so ranges compare as the index's range queries do.
LISTS = {
    "by_state": "review state of every log (since 1028)",
    "by_unit": "unit UID of every log (since 1028)",
    "overdue": "bti_open_deadline of an active log",
    "consent": "bti_consent_until of a log at a level",
    "idle": "bti_last_activity of an active log (0: none known)",
    "holders": "(unit UID, its holders' ids) of an active log",
    "concern": "bti_deadline of an open concern",
}
# Records to file, per transaction: the catalog's other indexes are read once
# it is done with the record (before the commit, or when the lists are read).
_PENDING: WeakKeyDictionary = WeakKeyDictionary()


def _log_entries(value) -> tuple:
    state, unit = value("review_state") or "", value("bti_unit") or ""
    found = [("by_state", state), ("by_unit", unit)]
    if state in rules.ACTIVE:
        deadline = value("bti_open_deadline")
        if deadline is not None:
            found.append(("overdue", deadline))
        found.append(("idle", value("bti_last_activity") or NEVER))
        holders = tuple(sorted(value("bti_holder") or ()))
        found.append(("holders", (unit, holders)))
    if state in rules.SIGNED:
        until = value("bti_consent_until")
        if until is not None:
            found.append(("consent", until))
    return tuple(found)


def _concern_entries(value) -> tuple:
    deadline = value("bti_deadline")
    if value("review_state") != p.CONCERN_OPEN or deadline is None:
        return ()
    return (("concern", deadline),)


def entries(catalog, rid: int) -> tuple:
    """The (list, key) pairs of record ``rid`` from the catalog's indexes
    (none: not a log or an open concern, or no longer cataloged)."""
    if rid not in catalog.paths:
        return ()

    def value(name: str):
        index = catalog.indexes.get(name)
        return None if index is None else index._unindex.get(rid)

    portal_type = value("portal_type")
    if portal_type == "RelayLog":
        return _log_entries(value)
    if portal_type == "Concern":
        return _concern_entries(value)
    return ()


class Filed(Persistent):
    """One list: key -> the records filed under it, and how many."""

    security = ClassSecurityInfo()  # read by the product's code only
    security.declarePrivate("add", "remove", "count", "counted")

    def __init__(self):
        self.rids = OOBTree()
        self.counts = OOBTree()

    def add(self, key, rid: int) -> None:
        found = self.rids.get(key)
        if found is None:
            found = self.rids[key] = IITreeSet()
            self.counts[key] = Length()
        if found.insert(rid):
            self.counts[key].change(1)

    def remove(self, key, rid: int) -> None:
        found = self.rids.get(key)
        if found is not None and rid in found:
            found.remove(rid)
            self.counts[key].change(-1)

    def count(self, low=None, high=None) -> int:
        """How many records are filed under the keys ``low`` to ``high``."""
        return sum(length() for length in self.counts.values(low, high))

    def counted(self, low=None, high=None):
        """(key, how many) from ``low`` to ``high``, none left out."""
        for key, length in self.counts.items(low, high):
            if length():
                yield key, length()


InitializeClass(Filed)


@implementer(IPluggableIndex, ITransposeQuery)
class DashboardLists(SimpleItem):
    """The index (see the module); ``lists[name]`` is a ``Filed``. The
    catalog marks a record (index_object, unindex_object); it is filed from
    the catalog's own index values before the commit, or before a read
    (``lists_of``), so the lists hold exactly what the indexes hold."""

    meta_type = "BTIDashboardLists"
    security = ClassSecurityInfo()
    security.declareObjectProtected(manage_zcatalog_indexes)
    security.declarePrivate("clear", "index_object", "unindex_object")
    security.declarePrivate("file_marked", "refile", "lists")

    def __init__(self, name: str, extra=None, caller=None):
        self.id = name
        self.clear()

    def clear(self) -> None:
        self._filed = IOBTree()  # rid -> its (list, key) pairs
        self.lists = OOBTree({name: Filed() for name in LISTS})
        self.units = IITreeSet()  # the units' rids (since 1028)
        self.units_changed = Length()  # changed with every unit (since 1028)

    def getId(self):
        return self.id

    def index_object(self, documentId, obj, threshold=None) -> int:
        self._mark(documentId)
        return 0

    def unindex_object(self, documentId) -> None:
        self._mark(documentId)

    def _transaction(self):
        jar = getattr(aq_base(self), "_p_jar", None)
        return jar.transaction_manager.get() if jar is not None else transaction.get()

    def _mark(self, rid: int) -> None:
        """File ``rid`` once the catalog is done with it."""
        txn = self._transaction()
        pending = _PENDING.get(txn)
        if pending is None:
            pending = _PENDING[txn] = {}
            txn.addBeforeCommitHook(_file_pending, (txn,))
        pending.setdefault(id(aq_base(self)), (self, set()))[1].add(rid)

    def file_marked(self, txn=None) -> None:
        """File the records marked in this transaction (before a read)."""
        found = _PENDING.get(txn or self._transaction(), {})
        index, rids = found.pop(id(aq_base(self)), (self, ()))
        catalog = aq_parent(aq_inner(index))
        for rid in sorted(rids):
            self._note_unit(catalog, rid)
            self._file(rid, entries(catalog, rid))

    def _note_unit(self, catalog, rid: int) -> None:
        """A unit indexed or gone: ``units_changed`` changes (a new serial)."""
        units = getattr(aq_base(self), "units", None)
        if units is None:  # before the 1028 upgrade
            return
        types = catalog.indexes["portal_type"]._unindex
        if rid in catalog.paths and types.get(rid) == "Unit":
            units.insert(rid)
        elif rid in units:
            units.remove(rid)
        else:
            return
        self.units_changed.change(1)

    def refile(self) -> None:
        """File every log and concern the catalog holds (a new index)."""
        catalog = aq_parent(aq_inner(self))
        types = catalog.indexes["portal_type"]._index
        for portal_type in ("RelayLog", "Concern", "Unit"):
            found = types.get(portal_type, ())
            for rid in (found,) if isinstance(found, int) else found:
                self._mark(rid)

    def _file(self, rid: int, new: tuple) -> int:
        # A list of a later version is filed once its upgrade adds it (and
        # refiles every record): never half filed.
        new = tuple(entry for entry in new if entry[0] in self.lists)
        old = self._filed.get(rid, ())
        if new == old:
            return 0
        for name, key in set(old) - set(new):
            if name in self.lists:  # not a list an upgrade removed
                self.lists[name].remove(key, rid)
        for name, key in set(new) - set(old):
            self.lists[name].add(key, rid)
        if new:
            self._filed[rid] = new
        else:
            self._filed.pop(rid, None)
        return 1

    # ITransposeQuery: reindexed with any of its sources; queries untouched.
    def getIndexNames(self):
        return SOURCES

    def make_query(self, query):
        return query

    # IPluggableIndex: nothing to query, sort or show.
    def getEntryForObject(self, documentId, default=None):
        return self._filed.get(documentId, default)

    def getIndexSourceNames(self):
        return SOURCES

    def getIndexQueryNames(self):
        return ()

    def _apply_index(self, request):
        return None

    def numObjects(self) -> int:
        return len(self._filed)

    indexSize = numObjects

    def uniqueValues(self, name=None, withLengths=0):
        return ()


InitializeClass(DashboardLists)


def _file_pending(txn) -> None:
    """Before the commit: file what the transaction marked."""
    for index, _rids in list(_PENDING.get(txn, {}).values()):
        index.file_marked(txn)
    _PENDING.pop(txn, None)


def lists_of(catalog):
    """The index's lists, current (None before the upgrades that add it and
    its lists: the callers work from the sets then)."""
    if INDEX not in catalog._catalog.indexes:
        return None
    processQueue()
    index = catalog._catalog.getIndex(INDEX)
    if any(name not in index.lists for name in LISTS):
        return None
    index.file_marked()
    return index.lists


def add_index(catalog) -> bool:
    """Add the index, with the logs and concerns the catalog holds, unless
    the catalog has it; True when added."""
    if INDEX in catalog.indexes():
        return False
    catalog.addIndex(INDEX, DashboardLists(INDEX))
    catalog._catalog.getIndex(INDEX).refile()
    return True


def add_lists(catalog) -> list[str]:
    """Add the lists of this version the index lacks, filed for the logs and
    concerns the catalog holds; their names."""
    if add_index(catalog):
        return list(LISTS)
    index = catalog._catalog.getIndex(INDEX)
    for name in [name for name in index.lists if name not in LISTS]:
        del index.lists[name]  # an entry filed under it goes at its next filing
    added = [name for name in LISTS if name not in index.lists]
    for name in added:
        index.lists[name] = Filed()
    if getattr(aq_base(index), "units", None) is None:
        index.units, index.units_changed = IITreeSet(), Length()
        added.append("units")
    if added:
        index.refile()
    return added


def units_stamp(catalog) -> bytes | None:
    """The serial of the last committed change to any unit of the catalog:
    what a cache of the units is keyed by (None: not known, or a unit
    changed in this transaction)."""
    if lists_of(catalog) is None:
        return None
    changed = getattr(aq_base(catalog._catalog.getIndex(INDEX)), "units_changed", None)
    if changed is None:
        return None
    changed()  # loaded: its serial is current
    if changed._p_changed or changed._p_oid is None:
        return None
    return changed._p_serial


def remove_index(catalog) -> None:
    if INDEX in catalog.indexes():
        catalog.delIndex(INDEX)
