"""Catalog records by record id (rid), without making brains.

A dashboard over thousands of logs reads a few metadata columns of each log and
item and shows 50 rows: it works on rids (a result's ``_seq``, the catalog's
``paths`` and ``uids``, the metadata tuples) and makes brains for the rows
shown only. Counts come from the indexes' own rid sets (an intersection and
its length).
"""

from BTrees.IIBTree import difference
from BTrees.IIBTree import IISet
from BTrees.IIBTree import intersection
from BTrees.IIBTree import multiunion
from Missing import MV


LOOKED_UP = 2000  # rids looked up one by one rather than intersected


class Records:
    def __init__(self, catalog):
        self.catalog = catalog
        self.core = catalog._catalog

    def rids(self, **query) -> IISet:
        """The record ids of an unsorted, unrestricted catalog query (an
        IISet: made from a sorted list at half the cost of a tree set, and
        quicker to intersect)."""
        query.pop("sort_on", None)
        found = self.catalog.unrestrictedSearchResults(**query)
        return IISet(getattr(found, "_seq", None) or ())

    def value(self, rid: int, column: str, default=None):
        """A metadata column of a record; ``default`` where it is empty."""
        value = self.core.data[rid][self.core.schema[column]]
        return default if value is MV or value is None else value

    def values(self, rid: int, *columns: str) -> tuple:
        """Several metadata columns of a record, read once (None where empty)."""
        record = self.core.data[rid]
        schema = self.core.schema
        return tuple(_plain(record[schema[column]]) for column in columns)

    def path(self, rid: int) -> str:
        return self.core.paths[rid]

    def rid_of(self, path: str) -> int | None:
        return self.core.uids.get(path)

    def children(self, rid: int, portal_type: str) -> list[int]:
        """The rids of the record's direct items of ``portal_type``: the path
        index's set per parent (no path search over the whole site)."""
        index = self.core.getIndex("path")
        found = index._index_parents.get(self.path(rid)) or ()
        return [
            item for item in found if self.value(item, "portal_type") == portal_type
        ]

    def brain(self, rid: int):
        return self.core[rid]

    def with_values(self, index_name: str, values, among) -> IISet:
        """The rids in ``among`` whose ``index_name`` is one of ``values``:
        a few are each looked up (a unit's logs against every active log of
        the site grew with the site), more intersected with the index's sets."""
        index = self.core.getIndex(index_name)
        if len(among) <= LOOKED_UP:
            wanted, found = set(values), index._unindex
            return IISet(rid for rid in among if found.get(rid) in wanted)
        sets = [as_set(index._index.get(value)) for value in values]
        return intersection(among, multiunion(sets)) or IISet()

    def at_most(self, index_name: str, among, value) -> IISet:
        """The rids of ``among`` whose value in the date index ``index_name``
        is ``value`` or earlier, each looked up (as the index's range query
        compares them)."""
        index = self.core.getIndex(index_name)
        limit = index._convert(value)
        values = index._unindex
        return IISet(rid for rid in among if values.get(rid, limit + 1) <= limit)

    def with_a_value(self, index_name: str, among) -> IISet:
        """The rids of ``among`` that the index holds a value for."""
        values = self.core.getIndex(index_name)._unindex
        return IISet(rid for rid in among if rid in values)

    def index_sets(self, index_name: str):
        """An index's value -> rid(s) mapping (an entry: a rid or a set)."""
        return self.core.getIndex(index_name)._index

    def walk(self, index_name: str, among):
        """The rids of ``among`` in the order of their value in the index
        (ascending; by rid within a value), read only as far as asked."""
        for found in self.groups(index_name, among):
            yield from found

    def groups(self, index_name: str, among):
        """The rids of ``among`` that share a value in the index, a set per
        value in ascending order, read only as far as asked."""
        size = len(among)
        for found in self.index_sets(index_name).values():
            common = shared(among, size, found)
            if common:
                yield common

    def ordered(
        self, index_name: str, among, first: int, last: int, by_path: bool = True
    ) -> list[int]:
        """Rids ``first`` to ``last`` of ``among`` by their value in
        ``index_name``, then by path (or by rid: no path is read), those
        without a value last; the index is walked only as far as the page
        reaches (a first page of 10,000 logs meets a few values)."""
        within = (lambda rids: sorted(rids, key=self.path)) if by_path else list
        last = min(last, len(among))
        if first >= last:  # nothing to show: the index is not walked at all
            return []
        found: list[int] = []
        for rids in self.groups(index_name, among):
            found.extend(within(rids))
            if len(found) >= last:
                return found[first:last]
        whole = among.records() if isinstance(among, Every) else as_set(among)
        unvalued = difference(whole, IISet(found)) or ()
        found.extend(within(unvalued))
        return found[first:last]

    def count_among(self, index_name: str, values, among) -> dict:
        """Value -> how many rids of ``among`` the index files under it, for
        ``values`` only (not every value of the index)."""
        entries, size = self.index_sets(index_name), len(among)
        return {
            value: len(shared(among, size, entries.get(value, ()))) for value in values
        }

    def logs_directly_in(self, folder_path: str, found) -> IISet:
        """The rids of ``found`` that are logs directly in ``folder_path``."""
        types = self.core.getIndex("portal_type")._unindex
        paths, prefix = self.core.paths, folder_path + "/"
        return IISet(
            rid
            for rid in found
            if types.get(rid) == "RelayLog"
            and paths[rid].startswith(prefix)
            and "/" not in paths[rid][len(prefix) :]
        )

    def count_by(self, index_name: str, among) -> dict:
        """Value -> how many rids of ``among`` the index files under it."""
        size = len(among)
        counts = {}
        for value, found in self.index_sets(index_name).items():
            count = len(shared(among, size, found))
            if count:
                counts[value] = count
        return counts


class Every:
    """Every record of one portal type but ``but`` (rids), as ``among`` of a
    walk, without a set of them all: a record is looked up in the portal
    type index (a large index entry is merged with the type's own set)."""

    def __init__(self, records: Records, portal_type: str, size: int, but=()):
        index = records.core.getIndex("portal_type")
        self.portal_type, self.size, self.but = portal_type, size, IISet(but)
        self.types = index._unindex
        self.of_type = as_set(index._index.get(portal_type))

    def __contains__(self, rid: int) -> bool:
        return self.types.get(rid) == self.portal_type and rid not in self.but

    def __len__(self) -> int:
        return self.size

    def among(self, found) -> IISet:
        return difference(intersection(self.of_type, found), self.but) or IISet()

    def records(self) -> IISet:
        """All of them, as a set (for a walk that ran past the index's end)."""
        return difference(IISet(self.of_type), self.but) or IISet()


def shared(among, size: int, found):
    """The rids of an index entry that are in ``among`` (of ``size`` rids): a
    small entry is looked up rid by rid, instead of merging it with all of
    ``among`` (a walk over a large scope meets many one-rid entries)."""
    if isinstance(found, int):
        return (found,) if found in among else ()
    if isinstance(among, Every) and len(found) > 16:
        return among.among(found)
    if isinstance(among, Every) or len(found) * 16 < size:
        return [rid for rid in found if rid in among]
    return intersection(among, found) or ()


def as_set(found) -> IISet:
    """An index entry: one rid (an int) or a set of them."""
    if found is None:
        return IISet()
    if isinstance(found, int):
        return IISet((found,))
    return found


def _plain(value):
    return None if value is MV else value
