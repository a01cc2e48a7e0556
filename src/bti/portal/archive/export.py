"""Noark 5 extraction packages of the copies made in a period, one zip per log."""

from bti.portal.archive import store
from bti.portal.domain import archive as rules
from bti.portal.domain import noark5
from datetime import date
from datetime import datetime
from datetime import UTC
from pathlib import Path
from plone import api


def copies_in(first: date, last: date) -> dict[str, list[dict]]:
    """Log UID -> its copies made from ``first`` to ``last`` (inclusive)."""
    found: dict[str, list[dict]] = {}
    for uid in store.log_uids():
        for record in store.copies(uid):
            moment = datetime.fromisoformat(record["time"])
            if rules.in_period(moment, first, last):
                found.setdefault(uid, []).append(record)
    return found


def package(uid: str, records: list[dict]) -> bytes:
    pairs = [
        (store.as_copy(record), store.pdf_of(uid, record["copy_id"]))
        for record in records
    ]
    return noark5.package(
        records[0]["log_id"], pairs, datetime.now(UTC), api.portal.get().getId()
    )


def export(first: date, last: date, destination: Path) -> list[Path]:
    """Write ``<log id>-<first>-<last>.zip`` per log into ``destination``."""
    destination.mkdir(parents=True, exist_ok=True, mode=0o700)
    written = []
    for uid, records in sorted(copies_in(first, last).items()):
        name = f"{records[0]['log_id']}-{first:%Y%m%d}-{last:%Y%m%d}.zip"
        path = destination / name
        path.write_bytes(package(uid, records))
        path.chmod(0o600)
        written.append(path)
    return written
