"""The rounds of a unit: an OOBTree in an annotation of the unit.

round key ("2026-06-15") -> PersistentMapping(
    due, opened_at, opened_by, closed_at, closed_by, snapshot (bool),
    entries: OOBTree(log UID -> PersistentMapping(
        checks, note, by, at, state, holders)))

``state`` (the log's review state) and ``holders`` (user ids) are the line as
it was checked; closing the round fills them in for lines checked before they
were kept and sets ``snapshot``. Rounds closed before (no ``snapshot``) keep
only checks and note.

Log UIDs, user ids, dates, true/false checks and a short note: no names of
children and no national ids. Entries per log are separate BTree buckets, so two
leaders recording different logs rarely conflict.
"""

from BTrees.OOBTree import OOBTree
from datetime import datetime
from datetime import UTC
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations


KEY = "bti.portal.control_rounds"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def rounds(unit, create: bool = False):
    annotations = IAnnotations(unit)
    data = annotations.get(KEY)
    if data is None and create:
        data = annotations[KEY] = OOBTree()
    return data


def get_round(unit, key: str):
    data = rounds(unit)
    return data.get(key) if data is not None else None


def closed_keys(unit) -> frozenset[str]:
    data = rounds(unit)
    if data is None:
        return frozenset()
    return frozenset(key for key, item in data.items() if item.get("closed_at"))


def open_round(unit, key: str, user_id: str):
    """The round ``key``, created (opened by ``user_id``) if it is not there."""
    data = rounds(unit, create=True)
    item = data.get(key)
    if item is None:
        item = data[key] = PersistentMapping(
            due=key,
            opened_at=now(),
            opened_by=user_id,
            closed_at="",
            closed_by="",
            entries=OOBTree(),
        )
    return item


def record(
    item, log_uid: str, checks: dict, note: str, user_id: str, line: dict
) -> None:
    """``line``: the log's state and holders now (see ``snapshot_line``)."""
    item["entries"][log_uid] = PersistentMapping(
        checks=dict(checks), note=note, by=user_id, at=now(), **snapshot_line(line)
    )


def snapshot_line(line: dict) -> dict:
    return {
        "state": str(line.get("state") or ""),
        "holders": tuple(line.get("holders") or ()),
    }


def has_snapshot(entry) -> bool:
    return "state" in entry


def close(item, user_id: str, lines: dict) -> None:
    """Close; ``lines``: log UID -> state and holders now, for the entries
    checked before lines were kept."""
    for uid, entry in item["entries"].items():
        if not has_snapshot(entry):
            entry.update(snapshot_line(lines.get(uid) or {}))
    item["closed_at"] = now()
    item["closed_by"] = user_id
    item["snapshot"] = True


def history(unit) -> list:
    """The unit's rounds, newest first."""
    data = rounds(unit)
    if data is None:
        return []
    return [data[key] for key in reversed(list(data.keys()))]
