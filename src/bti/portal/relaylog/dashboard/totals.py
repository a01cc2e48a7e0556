"""The dashboard's lists kept as the logs change: a catalog index.

A coordinator's dashboard covers every log of the site. Worked out from the
other indexes per request, its counts and first pages took sets of every log
(the scope, each date range, their intersections), so it grew with the site.
This index files each log (and each open concern) in a few lists as the
catalog indexes it: per key of a list, the records and their number (a
``BTrees.Length``, whose concurrent changes merge). A total over the whole
site is then a sum over days or units, and a first page a walk over the first
keys of a list.

It provides ``ITransposeQuery``: whenever an index it reads from is
(re)indexed alone (a transition: ``review_state``; a post:
``bti_last_activity``), ZCatalog indexes it too, so it never lags the catalog.
It answers no query.
"""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from bti.portal.domain import dashboard as rules
from bti.portal.domain import permissions as p
from BTrees.IIBTree import IITreeSet
from BTrees.IOBTree import IOBTree
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from datetime import date
from datetime import datetime
from OFS.SimpleItem import SimpleItem
from persistent import Persistent
from Products.PluginIndexes.interfaces import IPluggableIndex
from Products.PluginIndexes.interfaces import ITransposeQuery
from zope.interface import implementer


INDEX = "bti_dashboard_lists"
NEVER = 0  # the "idle" key of an active log without a known last activity
# The indexes whose values the lists are made of.
SOURCES = (
    "portal_type",
    "review_state",
    "bti_unit",
    "bti_holder",
    "bti_open_deadline",
    "bti_consent_until",
    "bti_last_activity",
    "bti_deadline",
)
# List -> what its keys are.
LISTS = {
    "state": "(review state, unit UID) of every log",
    "overdue": "day of the earliest open deadline of an active log",
    "consent": "last valid day of the latest consent of a log at a level",
    "idle": "day of the last activity of an active log (0: none known)",
    "holders": "(unit UID, its holders' ids) of an active log",
    "concern": "deadline day of an open concern",
}


def day_key(value) -> int | None:
    """A date as the key of a dated list (None: no date)."""
    if isinstance(value, datetime):
        value = value.date()
    return value.toordinal() if isinstance(value, date) else None


def _value(obj, name: str):
    """An indexed value of ``obj`` (the catalog's wrapper): None when its
    indexer leaves the object out (an AttributeError)."""
    return getattr(obj, name, None)


def _log_entries(obj) -> tuple:
    state = _value(obj, "review_state") or ""
    unit = _value(obj, "bti_unit") or ""
    found = [("state", (state, unit))]
    if state in rules.ACTIVE:
        deadline = day_key(_value(obj, "bti_open_deadline"))
        if deadline is not None:
            found.append(("overdue", deadline))
        found.append(("idle", day_key(_value(obj, "bti_last_activity")) or NEVER))
        holders = tuple(sorted(_value(obj, "bti_holder") or ()))
        found.append(("holders", (unit, holders)))
    if state in rules.SIGNED:
        until = day_key(_value(obj, "bti_consent_until"))
        if until is not None:
            found.append(("consent", until))
    return tuple(found)


def _concern_entries(obj) -> tuple:
    if _value(obj, "review_state") != p.CONCERN_OPEN:
        return ()
    deadline = day_key(_value(obj, "bti_deadline"))
    return () if deadline is None else (("concern", deadline),)


def entries(obj) -> tuple:
    """The (list, key) pairs ``obj`` is filed under (none: not a log or an
    open concern)."""
    portal_type = _value(obj, "portal_type")
    if portal_type == "RelayLog":
        return _log_entries(obj)
    if portal_type == "Concern":
        return _concern_entries(obj)
    return ()


class Filed(Persistent):
    """One list: key -> the records filed under it, and how many."""

    security = ClassSecurityInfo()  # read by the product's code only
    security.declarePrivate("add", "remove", "count", "counted", "groups")

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

    def groups(self, low=None, high=None):
        """(key, records) from ``low`` to ``high`` in key order."""
        for key, found in self.rids.items(low, high):
            if found:
                yield key, found


InitializeClass(Filed)


@implementer(IPluggableIndex, ITransposeQuery)
class DashboardLists(SimpleItem):
    """The index (see the module); ``lists[name]`` is a ``Filed``."""

    meta_type = "BTIDashboardLists"

    def __init__(self, name: str, extra=None, caller=None):
        self.id = name
        self.clear()

    def clear(self) -> None:
        self._filed = IOBTree()  # rid -> its (list, key) pairs
        self.lists = OOBTree({name: Filed() for name in LISTS})

    def getId(self):
        return self.id

    def index_object(self, documentId, obj, threshold=None) -> int:
        return self._file(documentId, entries(obj))

    def unindex_object(self, documentId) -> None:
        self._file(documentId, ())

    def _file(self, rid: int, new: tuple) -> int:
        old = self._filed.get(rid, ())
        if new == old:
            return 0
        for name, key in set(old) - set(new):
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


def lists_of(catalog):
    """The index's lists (None before the upgrade that adds it)."""
    index = catalog._catalog.indexes.get(INDEX)
    return None if index is None else index.lists


def add_index(catalog) -> bool:
    """Add the index (empty) unless the catalog has it; True when added."""
    if INDEX in catalog.indexes():
        return False
    catalog.addIndex(INDEX, DashboardLists(INDEX))
    return True
