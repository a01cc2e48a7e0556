"""Audit records of reads and writes of a Stafettlogg, chained by sha256.

Each record carries the hash of the record before it (``prev_hash``) and its own
hash over a canonical serialisation of all its other fields. Changing a record
breaks its own hash; removing or reordering records breaks the sequence and the
links. Only ids go into a record: user id, log UID, the request path (random
ids), HTTP method and an action name; never a name or a national id number.

Limit: removing records at the end of a chain leaves a shorter valid chain;
compare the record count with an earlier run of the verify script to see that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import replace
from datetime import datetime
from datetime import UTC

import hashlib
import json
import re


GENESIS = "0" * 64  # prev_hash of the first record of a chain
ANONYMOUS = "Anonymous User"  # Zope's name for a request without a user

# Actions.
VIEW = "view"
EDIT = "edit"
FORM = "form"  # opened a form to change or add (nothing saved by that)
FORM_CLOSED = "form_closed"  # left a form with its cancel button, nothing saved
DOWNLOAD = "download"
HISTORY = "history"
SHARING = "sharing"
WORKFLOW = "workflow"
AUDIT = "audit"  # someone read the log's audit
DENIED = "denied"  # Unauthorized or Forbidden
# A unit leader's control round: opened and closed (on the unit), a log checked.
ROUND_OPEN = "control_round_open"
ROUND_CHECK = "control_round_check"
ROUND_CLOSE = "control_round_close"
REST_PREFIX = "rest_"

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# View names (without "@@") in a path below the log, and the action they mean.
NAMED_ACTIONS = {
    "download": DOWNLOAD,
    "display-file": DOWNLOAD,
    "images": DOWNLOAD,
    "history": HISTORY,
    "historyview": HISTORY,
    "versions_history_form": HISTORY,
    "compare_history": HISTORY,
    "sharing": SHARING,
    "who-has-access": SHARING,
    "content_status_modify": WORKFLOW,
    "content_status_history": WORKFLOW,
    "log-audit": AUDIT,
}
# Forms that change or add: opening one is not a change, sending it is.
FORM_NAMES = frozenset({"edit"})
FORM_PREFIXES = ("++add++",)

# Eleven digits (a national id number typed into a URL) never reach a record; digits
# inside a random hex id (letters or more digits around them) are left alone.
_NATIONAL_ID = re.compile(r"(?<![0-9a-fA-F])\d{6}(?: |%20)?\d{5}(?![0-9a-fA-F])")


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    time: str  # ISO 8601, UTC
    user_id: str
    log_uid: str
    action: str
    path: str
    method: str
    status: int
    prev_hash: str
    hash: str = ""


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: str  # "changed", "removed" or "reordered"
    detail: str

    def __str__(self) -> str:
        return f"record {self.seq}: {self.kind}: {self.detail}"


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(record: AuditRecord) -> bytes:
    """Every field but ``hash``, as compact JSON with sorted keys."""
    data = asdict(record)
    del data["hash"]
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def chain_hash(prev: str, record: AuditRecord) -> str:
    return hashlib.sha256(prev.encode("utf-8") + b"\n" + canonical(record)).hexdigest()


def next_record(
    previous: AuditRecord | None,
    *,
    user_id: str,
    log_uid: str,
    action: str,
    path: str,
    method: str,
    status: int,
    time: str | None = None,
) -> AuditRecord:
    """The record that follows ``previous`` (None: the first of a chain)."""
    prev_hash = previous.hash if previous else GENESIS
    record = AuditRecord(
        seq=previous.seq + 1 if previous else 1,
        time=time or now_utc(),
        user_id=user_id or ANONYMOUS,
        log_uid=log_uid,
        action=action,
        path=redact_path(path),
        method=method.upper(),
        status=int(status),
        prev_hash=prev_hash,
    )
    return replace(record, hash=chain_hash(prev_hash, record))


def verify(records: Iterable[AuditRecord]) -> list[Problem]:
    """Problems in a chain given in storage order; [] when it is intact."""
    problems = []
    previous = None
    for record in records:
        expected_seq = previous.seq + 1 if previous else 1
        expected_prev = previous.hash if previous else GENESIS
        if record.seq < expected_seq:
            problems.append(
                Problem(
                    record.seq, "reordered", f"comes after record {expected_seq - 1}"
                )
            )
        elif record.seq > expected_seq:
            first, last = expected_seq, record.seq - 1
            missing = f"{first}" if first == last else f"{first}-{last}"
            problems.append(
                Problem(record.seq, "removed", f"record(s) {missing} missing")
            )
        elif record.prev_hash != expected_prev:
            problems.append(
                Problem(record.seq, "changed", "does not link to the record before it")
            )
        if record.hash != chain_hash(record.prev_hash, record):
            problems.append(
                Problem(record.seq, "changed", "content does not match its hash")
            )
        if previous is None or record.seq > previous.seq:
            previous = record
    return problems


def action_for(
    method: str,
    names: Iterable[str],
    *,
    rest: bool,
    denied: bool,
    cancelled: bool = False,
) -> str:
    """The action of a request below a log.

    ``names`` are the path segments below the log (views with or without "@@");
    ``cancelled``: a form sent with its cancel button (nothing is saved).
    """
    if denied:
        return DENIED
    method = method.upper()
    if rest:
        return REST_PREFIX + method.lower()
    if cancelled:
        return FORM_CLOSED
    unsafe = method not in SAFE_METHODS
    for name in reversed(list(names)):
        name = name.removeprefix("@@")
        if name in FORM_NAMES or name.startswith(FORM_PREFIXES):
            return EDIT if unsafe else FORM
        if name in NAMED_ACTIONS:
            return NAMED_ACTIONS[name]
    return EDIT if unsafe else VIEW


def redact_path(path: str) -> str:
    """The path without query string, with national-id-like numbers masked."""
    path = path.split("?", 1)[0]
    return _NATIONAL_ID.sub("*" * 11, path)
