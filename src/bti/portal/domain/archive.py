"""Archive copies of a log (arkivloven § 6): when one is made, what it is called.

A copy is a PDF/A of the whole log, made at a transfer to another unit, a
change of holder, a withdrawn consent (the log goes passive), when the log is
closed, twice a year (before Christmas and before the summer holiday) and on
demand. Names carry the log's random id, the event and the date only: never a
child's name or national id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime

import hashlib
import re


TRANSFER = "transfer"  # moved to another unit (service, municipality)
HANDOVER = "handover"  # a new holder accepted the log
PASSIVE = "passive"  # consent withdrawn
CLOSED = "closed"
PERIODIC = "periodic"  # twice a year
MANUAL = "manual"  # an archivist asked for one
EVENTS = (TRANSFER, HANDOVER, PASSIVE, CLOSED, PERIODIC, MANUAL)

# Logs the twice-yearly run copies: running logs, and passive ones (still held).
PERIODIC_STATES = ("level1", "level2", "level3", "individual_plan", "passive")

_SAFE = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")


@dataclass(frozen=True)
class Copy:
    """One stored copy, as the Noark 5 package and the listings see it."""

    copy_id: str
    log_id: str
    event: str
    time: datetime  # UTC, aware
    sha256: str
    size: int

    @property
    def file_name(self) -> str:
        return file_name(self.log_id, self.copy_id)


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_copy_id(event: str, moment: datetime, taken=()) -> str:
    """``<event>-<yyyymmdd>-<hhmmss>``, with ``-2``, ``-3``... if taken."""
    if event not in EVENTS:
        raise ValueError(f"unknown archive event {event!r}")
    base = f"{event}-{moment:%Y%m%d-%H%M%S}"
    found, number = base, 1
    while found in taken:
        number += 1
        found = f"{base}-{number}"
    return found


def is_copy_id(value: str) -> bool:
    """A copy id as made by new_copy_id (safe in a URL and a file name)."""
    return isinstance(value, str) and bool(_SAFE.match(value))


def file_name(log_id: str, copy_id: str) -> str:
    """``<log id>-<event>-<yyyymmdd>-<hhmmss>.pdf``."""
    return f"{log_id}-{copy_id}.pdf"


def in_period(moment: datetime, first: date, last: date) -> bool:
    """Whether ``moment`` falls on a day from ``first`` to ``last`` (inclusive)."""
    return first <= moment.date() <= last


def parse_day(value: str) -> date:
    """A YYYY-MM-DD day; ValueError otherwise."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"not a YYYY-MM-DD day: {value!r}")
    return date.fromisoformat(value)


def checksum_list(files: dict[str, bytes]) -> str:
    """``sha256sum`` format: one "<hex>  <name>" line per file, sorted by name."""
    return "".join(
        f"{checksum(data)}  {name}\n" for name, data in sorted(files.items())
    )
