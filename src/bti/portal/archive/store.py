"""The archive: PDF/A copies of logs in the site's annotations, by log UID.

Not content: nothing here is reachable by traversal, the catalog or a search.
Only the archive's views and services read it, after checking the archive's
permissions (domain.permissions.ARCHIVE_GRANTS). Copies stay when a log is
deleted: the archive outlives the log.

Each copy: copy_id, log_uid, log_id (the random id), event, time (UTC, ISO),
sha256, size and the PDF in a blob. ``pending``: log UID -> events whose copy
failed; the twice-yearly run retries them.
"""

from bti.portal.domain import archive as rules
from BTrees.OOBTree import OOBTree
from datetime import datetime
from datetime import UTC
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from ZODB.blob import Blob
from zope.annotation.interfaces import IAnnotations


KEY = "bti.portal.archive"
FIELDS = ("copy_id", "log_uid", "log_id", "event", "time", "sha256", "size")


def _data(create: bool = False):
    annotations = IAnnotations(api.portal.get())
    data = annotations.get(KEY)
    if data is None and create:
        data = annotations[KEY] = PersistentMapping(copies=OOBTree(), pending=OOBTree())
    return data


def add(log, event: str, pdf: bytes, moment: datetime | None = None) -> dict:
    """Store ``pdf`` as a copy of ``log`` for ``event``; returns its record."""
    moment = moment or datetime.now(UTC)
    data = _data(create=True)
    uid = log.UID()
    if uid not in data["copies"]:
        data["copies"][uid] = PersistentList()
    taken = {record["copy_id"] for record in data["copies"][uid]}
    blob = Blob()
    with blob.open("w") as handle:
        handle.write(pdf)
    record = PersistentMapping(
        copy_id=rules.new_copy_id(event, moment, taken),
        log_uid=uid,
        log_id=log.getId(),
        event=event,
        time=moment.isoformat(timespec="seconds"),
        sha256=rules.checksum(pdf),
        size=len(pdf),
        blob=blob,
    )
    data["copies"][uid].append(record)
    clear_pending(log, event)
    return public(record)


def public(record) -> dict:
    """A record without its blob."""
    return {field: record[field] for field in FIELDS}


def copies(log_uid: str) -> list[dict]:
    """The copies of one log, oldest first."""
    data = _data()
    if data is None:
        return []
    return [public(record) for record in data["copies"].get(log_uid, ())]


def all_copies() -> list[dict]:
    """Every copy of every log, newest first."""
    data = _data()
    if data is None:
        return []
    found = [public(r) for records in data["copies"].values() for r in records]
    return sorted(found, key=lambda record: record["time"], reverse=True)


def log_uids() -> list[str]:
    data = _data()
    return list(data["copies"].keys()) if data is not None else []


def pdf_of(log_uid: str, copy_id: str) -> bytes | None:
    data = _data()
    if data is None or not rules.is_copy_id(copy_id):
        return None
    for record in data["copies"].get(log_uid, ()):
        if record["copy_id"] == copy_id:
            with record["blob"].open("r") as handle:
                return handle.read()
    return None


def as_copy(record: dict) -> rules.Copy:
    return rules.Copy(
        copy_id=record["copy_id"],
        log_id=record["log_id"],
        event=record["event"],
        time=datetime.fromisoformat(record["time"]),
        sha256=record["sha256"],
        size=record["size"],
    )


# --- Copies that failed, for the next run ------------------------------------------


def mark_pending(log, event: str) -> None:
    data = _data(create=True)
    events = set(data["pending"].get(log.UID(), ()))
    events.add(event)
    data["pending"][log.UID()] = tuple(sorted(events))


def clear_pending(log, event: str | None = None) -> None:
    data = _data()
    if data is None or log.UID() not in data["pending"]:
        return
    left = tuple(e for e in data["pending"][log.UID()] if event and e != event)
    if left:
        data["pending"][log.UID()] = left
    else:
        del data["pending"][log.UID()]


def pending() -> dict[str, tuple[str, ...]]:
    data = _data()
    return dict(data["pending"].items()) if data is not None else {}
