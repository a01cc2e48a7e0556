"""Append-only SQLite store of audit records: one file, one hash chain per site.

The default. With an audit DSN ($BTI_AUDIT_DSN or ``audit-dsn`` in zope.conf's
product config, as make start-cluster writes it) every site's chain is in a
PostgreSQL table instead (pgstore), shared by processes on several hosts.

Several Zope processes on one host append to the same file: WAL lets readers
run beside the writer, and ``BEGIN IMMEDIATE`` takes the write lock before the
last record is read, so two appends never link to the same record.
"""

from __future__ import annotations

from bti.portal.audit.pgstore import PostgresAuditStore
from bti.portal.domain.audit import AuditRecord
from bti.portal.domain.audit import next_record
from bti.portal.instance import folder
from bti.portal.instance import product_config
from collections.abc import Iterable
from collections.abc import Iterator
from contextlib import closing
from dataclasses import astuple
from dataclasses import fields
from pathlib import Path

import json
import os
import re
import sqlite3
import threading
import time


ENV_DIR = "BTI_AUDIT_DIR"
ENV_DSN = "BTI_AUDIT_DSN"
CONFIG_KEY = "audit-dir"
DSN_KEY = "audit-dsn"
COLUMNS = tuple(field.name for field in fields(AuditRecord))
# S608: the queries are built from these constants only (column names of
# AuditRecord); values always go in as parameters.
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM audit"  # noqa: S608
_LOGS = "log_uid IN (SELECT value FROM json_each(?))"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    user_id TEXT NOT NULL,
    log_uid TEXT NOT NULL,
    action TEXT NOT NULL,
    path TEXT NOT NULL,
    method TEXT NOT NULL,
    status INTEGER NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_uid ON audit (log_uid, seq);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
"""
_ready: set[Path] = set()
_ready_lock = threading.Lock()


def audit_dsn() -> str | None:
    """$BTI_AUDIT_DSN, else ``audit-dsn`` in zope.conf: the PostgreSQL store."""
    return os.environ.get(ENV_DSN) or product_config().get(DSN_KEY) or None


def audit_dir() -> Path:
    """$BTI_AUDIT_DIR, else zope.conf's product config, else <clienthome>/audit."""
    return folder(ENV_DIR, CONFIG_KEY, "audit")


def site_file_name(site_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", site_id).lstrip(".") + ".sqlite"


def store_for_site(site_id: str) -> AuditStore | PostgresAuditStore:
    """The site's chain: in PostgreSQL when an audit DSN is set, else a file."""
    dsn = audit_dsn()
    if dsn:
        return PostgresAuditStore(dsn, site_id)
    return AuditStore(audit_dir() / site_file_name(site_id))


class AuditStore:
    """One SQLite file. There is no API to change or remove a record."""

    def __init__(self, path: Path | str):
        self.path = Path(path)

    def append(
        self,
        *,
        user_id: str,
        log_uid: str,
        action: str,
        path: str,
        method: str,
        status: int,
    ) -> AuditRecord:
        self._create()
        with closing(self._connect()) as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                row = connection.execute(
                    f"{_SELECT} ORDER BY seq DESC LIMIT 1"
                ).fetchone()
                record = next_record(
                    AuditRecord(*row) if row else None,
                    user_id=user_id,
                    log_uid=log_uid,
                    action=action,
                    path=path,
                    method=method,
                    status=status,
                )
                placeholders = ", ".join("?" * len(COLUMNS))
                connection.execute(
                    f"INSERT INTO audit ({', '.join(COLUMNS)}) VALUES ({placeholders})",  # noqa: S608
                    astuple(record),
                )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return record

    def for_log(self, uid: str, **options) -> list[AuditRecord]:
        return self.for_logs([uid], **options)

    def for_logs(
        self,
        uids: Iterable[str],
        *,
        newest_first: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[AuditRecord]:
        """Records of these logs, oldest first unless ``newest_first``."""
        order = "DESC" if newest_first else "ASC"
        query = f"{_SELECT} WHERE {_LOGS} ORDER BY seq {order} LIMIT ? OFFSET ?"
        limit = -1 if limit is None else limit
        return self._query(query, (json.dumps(list(uids)), limit, offset))

    def count(self, uids: Iterable[str]) -> int:
        if not self.path.exists():
            return 0
        with closing(self._connect()) as connection:
            query = f"SELECT count(*) FROM audit WHERE {_LOGS}"  # noqa: S608
            return connection.execute(query, (json.dumps(list(uids)),)).fetchone()[0]

    def all(self) -> Iterator[AuditRecord]:
        """Every record in storage order, read lazily (for verification)."""
        if not self.path.exists():
            return
        with closing(self._connect()) as connection:
            for row in connection.execute(f"{_SELECT} ORDER BY seq"):
                yield AuditRecord(*row)

    def _query(self, query: str, parameters: tuple) -> list[AuditRecord]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as connection:
            return [AuditRecord(*row) for row in connection.execute(query, parameters)]

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.execute("PRAGMA synchronous=FULL")
        return connection

    def _create(self) -> None:
        """The file, table, index and append-only triggers (writers only)."""
        if self.path in _ready and self.path.exists():
            return
        with _ready_lock:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fresh = not self.path.exists()
            with closing(
                sqlite3.connect(self.path, timeout=30, isolation_level=None)
            ) as db:
                if fresh:
                    os.chmod(self.path, 0o600)  # who read which log is itself sensitive
                _while_locked(lambda: db.execute("PRAGMA journal_mode=WAL"))
                _while_locked(lambda: db.executescript(_SCHEMA))
            _ready.add(self.path)


def _while_locked(step, attempts: int = 100, pause: float = 0.05):
    """Run ``step`` again while another process holds the new file: switching
    to WAL (and its recovery) can answer "database is locked" at once, without
    waiting for the connection's busy timeout."""
    for attempt in range(attempts):
        try:
            return step()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(pause)
