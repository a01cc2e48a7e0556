"""Catalog records by record id (rid), without making brains.

A dashboard over thousands of logs reads a few metadata columns of each log and
item and shows 50 rows: it works on rids (a result's ``_seq``, the catalog's
``paths`` and ``uids``, the metadata tuples) and makes brains for the rows
shown only. Counts come from the indexes' own rid sets (an intersection and
its length).
"""

from BTrees.IIBTree import IISet
from BTrees.IIBTree import IITreeSet
from BTrees.IIBTree import intersection
from BTrees.IIBTree import multiunion
from Missing import MV


class Records:
    def __init__(self, catalog):
        self.catalog = catalog
        self.core = catalog._catalog

    def rids(self, **query) -> IITreeSet:
        """The record ids of an unsorted, unrestricted catalog query."""
        query.pop("sort_on", None)
        found = self.catalog.unrestrictedSearchResults(**query)
        return IITreeSet(getattr(found, "_seq", None) or ())

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

    def brain(self, rid: int):
        return self.core[rid]

    def with_values(self, index_name: str, values, among) -> IITreeSet:
        """The rids in ``among`` whose ``index_name`` is one of ``values``."""
        index = self.core.getIndex(index_name)
        sets = [as_set(index._index.get(value)) for value in values]
        return intersection(IITreeSet(among), multiunion(sets)) or IITreeSet()

    def index_sets(self, index_name: str):
        """An index's value -> rid(s) mapping (an entry: a rid or a set)."""
        return self.core.getIndex(index_name)._index

    def walk(self, index_name: str, among):
        """The rids of ``among`` in the order of their value in the index
        (ascending; by rid within a value), read only as far as asked."""
        for found in self.index_sets(index_name).values():
            yield from intersection(among, as_set(found)) or ()

    def count_by(self, index_name: str, among) -> dict:
        """Value -> how many rids of ``among`` the index files under it."""
        index = self.core.getIndex(index_name)
        counts = {}
        for value, found in index._index.items():
            count = len(intersection(among, as_set(found)) or ())
            if count:
                counts[value] = count
        return counts


def as_set(found) -> IISet:
    """An index entry: one rid (an int) or a set of them."""
    if found is None:
        return IISet()
    if isinstance(found, int):
        return IISet((found,))
    return found


def _plain(value):
    return None if value is MV else value
