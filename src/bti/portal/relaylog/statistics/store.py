"""The site's event counts: append-only, conflict-friendly, without personal data.

An OOBTree in the site's annotations maps a key (quarter, unit UID, level,
kind, reason) to a BTrees.Length counter. Two transactions that count the same
key at once merge (Length resolves conflicts); nothing names a log, a child or
a person. Kinds and levels: bti.portal.domain.statistics.
"""

from __future__ import annotations

from bti.portal.domain import statistics as s
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from DateTime import DateTime
from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo
from zope.annotation.interfaces import IAnnotations


KEY = "bti.portal.statistics"
ZONE = ZoneInfo("Europe/Oslo")


def counts_of(site, create: bool = False):
    """The site's OOBTree of counters (None when nothing was counted yet)."""
    annotations = IAnnotations(site)
    tree = annotations.get(KEY)
    if tree is None and create:
        tree = annotations[KEY] = OOBTree()
    return tree


def day_of(when) -> date:
    """The day in Norway of a date, datetime, Zope DateTime or None (today)."""
    if when is None:
        return datetime.now(ZONE).date()
    if isinstance(when, DateTime):
        when = when.asdatetime()
    if isinstance(when, datetime):
        return when.astimezone(ZONE).date() if when.tzinfo else when.date()
    return when


def unit_uid(unit) -> str:
    if unit is None or isinstance(unit, str):
        return unit or ""
    return unit.UID()


def record_event(site, kind: str, unit, level: int, reason=None, when=None) -> None:
    """Count one event of ``kind`` (bti.portal.domain.statistics.KINDS).

    ``unit``: a Unit or its UID; ``level``: 0-4; ``reason``: a code (close
    reason, concern decision) or None; ``when``: a date, datetime, DateTime or
    None for now. Raises ValueError for an unknown kind or level.
    """
    key = s.make_key(s.Quarter.of(day_of(when)), unit_uid(unit), level, kind, reason)
    tree = counts_of(site, create=True)
    counter = tree.get(key)
    if counter is None:
        counter = tree[key] = Length(0)
    counter.change(1)


def items(site, quarters=None):
    """(key, count) pairs, of ``quarters`` (a sorted list of Quarter) when given."""
    tree = counts_of(site)
    if tree is None:
        return []
    if not quarters:
        return [(key, counter()) for key, counter in tree.items()]
    low, high = str(quarters[0]), str(quarters[-1])
    return [
        (key, counter())
        for key, counter in tree.items(min=(low,), max=(high, "\uffff"))
    ]


def forget(site, kinds) -> None:
    """Remove the counts of ``kinds`` (before they are counted anew)."""
    tree = counts_of(site)
    if tree is None:
        return
    kinds = set(kinds)
    for key in [key for key in tree if key[3] in kinds]:
        del tree[key]
