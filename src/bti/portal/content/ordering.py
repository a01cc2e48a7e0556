"""Insertion order of a container that concurrent adds do not conflict on.

plone.folder's default ordering appends every new id to one PersistentList
(and writes its position into one OIBTree) in the container's annotations:
every add to a log writes that list, so of several requests adding to the
same log at once all but one fail with a ConflictError, and after Zope's
retries the client gets a 500.

Here each item gets a key of its own (the time of the add in nanoseconds) in
two BTrees on the container: key -> id and id -> key. Concurrent adds insert
different keys, which BTrees merge (``_p_resolveConflict``); only a bucket
split still conflicts, and Zope's retry takes care of that. The order stays
the order of adding; there is no manual reordering (IExplicitOrdering).

Containers from before this ordering keep the legacy order list until the
upgrade step (upgrades/v1005_insertion_order) moves it here: their old items
come first, in the old order.
"""

from Acquisition import aq_base
from BTrees.LOBTree import LOBTree
from BTrees.OLBTree import OLBTree
from persistent import Persistent
from plone.folder.interfaces import IOrdering
from zope.annotation.interfaces import IAnnotations
from zope.interface import implementer

import time


ATTRIBUTE = "_bti_insertion_order"
# plone.folder.default.DefaultOrdering's annotations (before this ordering).
LEGACY_ORDER_KEY = "plone.folder.ordered.order"
LEGACY_POS_KEY = "plone.folder.ordered.pos"


class InsertionOrder(Persistent):
    """Two BTrees: ``ids`` (key -> id, in order) and ``keys`` (id -> key)."""

    def __init__(self):
        self.ids = LOBTree()
        self.keys = OLBTree()

    def add(self, obj_id: str, key: int | None = None) -> None:
        if obj_id in self.keys:
            return
        key = time.time_ns() if key is None else key
        while key in self.ids:
            key += 1
        self.ids[key] = obj_id
        self.keys[obj_id] = key

    def remove(self, obj_id: str) -> None:
        key = self.keys.get(obj_id)
        if key is not None:
            del self.keys[obj_id]
            del self.ids[key]


def order_of(container, create: bool = False) -> InsertionOrder | None:
    base = aq_base(container)
    order = getattr(base, ATTRIBUTE, None)
    if order is None and create:
        order = InsertionOrder()
        setattr(base, ATTRIBUTE, order)
    return order


def legacy_order(container) -> list[str]:
    """The ids in plone.folder's DefaultOrdering list (empty once migrated)."""
    annotations = IAnnotations(aq_base(container), None)
    if annotations is None:
        return []
    return list(annotations.get(LEGACY_ORDER_KEY, ()))


def migrate(container) -> int:
    """Move a container's legacy order into its InsertionOrder; returns how many
    ids it moved. Legacy items get small keys, so they stay before new ones."""
    ids = legacy_order(container)
    order = order_of(container, create=True)
    present = set(aq_base(container).objectIds(ordered=False))
    moved = 0
    for position, obj_id in enumerate(ids):
        if obj_id in present and obj_id not in order.keys:
            order.add(obj_id, key=position)
            moved += 1
    annotations = IAnnotations(aq_base(container), None)
    if annotations is not None:
        for key in (LEGACY_ORDER_KEY, LEGACY_POS_KEY):
            if key in annotations:
                del annotations[key]
    return moved


@implementer(IOrdering)
class InsertionOrdering:
    """plone.folder IOrdering over an InsertionOrder on the container."""

    def __init__(self, context):
        self.context = context

    def notifyAdded(self, obj_id):
        order_of(self.context, create=True).add(obj_id)

    def notifyRemoved(self, obj_id):
        order = order_of(self.context)
        if order is not None:
            order.remove(obj_id)

    def idsInOrder(self):
        order = order_of(self.context)
        ordered = list(order.ids.values()) if order is not None else []
        present = aq_base(self.context).objectIds(ordered=False)
        if len(ordered) == len(present):
            return ordered
        # Items from before the ordering: legacy order first, then the rest.
        known = set(ordered)
        present_set = set(present)
        legacy = [i for i in legacy_order(self.context) if i in present_set]
        known.update(legacy)
        rest = sorted(i for i in present if i not in known)
        return legacy + rest + ordered

    def getObjectPosition(self, obj_id):
        """A sortable position: the item's key (not its index)."""
        order = order_of(self.context)
        key = order.keys.get(obj_id) if order is not None else None
        if key is not None:
            return key
        legacy = legacy_order(self.context)
        return legacy.index(obj_id) if obj_id in legacy else len(legacy)
