"""Append-only PostgreSQL store of audit records: one table, one hash chain per site.

Used when the ZODB is on PostgreSQL (RelStorage) and Zope runs as several
processes, possibly on several hosts: a file per host would fork the chain.
An append takes a transaction-level advisory lock for its site before it reads
the last record, so appends to one chain are serialised across processes and
hosts; the primary key (site_id, seq) refuses a second record with the same
number should anything bypass the lock. Triggers refuse UPDATE, DELETE and
TRUNCATE. Connections come from a small pool per DSN and process and stay
open between requests (``_Pool``).
"""

from __future__ import annotations

from bti.portal.domain.audit import AuditRecord
from bti.portal.domain.audit import next_record
from collections.abc import Iterable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple
from dataclasses import fields

import select
import threading
import time


try:
    import psycopg2
except ImportError:  # the "cluster" extra is not installed
    psycopg2 = None


TABLE = "bti_audit"
COLUMNS = tuple(field.name for field in fields(AuditRecord))
# S608: queries are built from these constants only; values go in as parameters.
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM {TABLE}"  # noqa: S608
_INSERT = (
    f"INSERT INTO {TABLE} (site_id, {', '.join(COLUMNS)}) "  # noqa: S608
    f"VALUES (%s, {', '.join(['%s'] * len(COLUMNS))})"
)
_SCHEMA_LOCK = 0x4274_6941  # advisory lock key while creating the table
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    site_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    time TEXT NOT NULL,
    user_id TEXT NOT NULL,
    log_uid TEXT NOT NULL,
    action TEXT NOT NULL,
    path TEXT NOT NULL,
    method TEXT NOT NULL,
    status INTEGER NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (site_id, seq)
);
CREATE INDEX IF NOT EXISTS {TABLE}_log ON {TABLE} (site_id, log_uid, seq);
CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the audit is append-only'; END $$;
CREATE OR REPLACE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();
CREATE OR REPLACE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only();
"""
# A process stopped between taking a chain's lock and committing (a stall, a
# debugger) would hold every process's audited requests: the server ends an
# append idle inside its transaction for 5 s (an append takes milliseconds;
# the stopped one is made anew on a new connection when it goes on, ``_run``).
# Set for the append's transaction only: reads may wait between batches.
_LOCK_CHAIN = (
    "SELECT set_config('idle_in_transaction_session_timeout', '5s', true),"
    " pg_advisory_xact_lock(hashtextextended(%s, 0))"
)
IDLE = 8  # connections kept open per DSN and process
IDLE_SECONDS = 300  # a connection unused this long is closed, not reused
# A peer that vanished (a firewall's idle timeout, a host gone) is noticed by
# TCP keepalives in about a minute, and a connection attempt gives up in 10 s.
CONNECT = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}


class _Pool:
    """Open connections, kept for the next request (most recent first).

    psycopg2's own pools close every connection above ``minconn`` when it is
    given back, so with no minimum each audited request paid a new connection
    (about a twentieth of a post's time in the cluster). One the server dropped
    while idle (a restart) is found without a round trip (``_usable``) and
    left for a new one; one that fails all the same is retried once (``_run``).
    """

    def __init__(self, dsn: str):
        self.dsn = dsn
        self.idle: list = []  # (connection, monotonic time it was put back)
        self.lock = threading.Lock()

    def get(self, fresh: bool = False) -> tuple:
        """(connection, whether it was kept from an earlier use)."""
        while not fresh:
            with self.lock:
                entry = self.idle.pop() if self.idle else None
            if entry is None:
                break
            connection, since = entry
            if time.monotonic() - since < IDLE_SECONDS and _usable(connection):
                return connection, True
            connection.close()
        return psycopg2.connect(self.dsn, **CONNECT), False

    def put(self, connection, close: bool = False) -> None:
        if not close and not connection.closed:
            with self.lock:
                if len(self.idle) < IDLE:
                    self.idle.append((connection, time.monotonic()))
                    return
        connection.close()


def _usable(connection) -> bool:
    """Open, idle, and nothing to read: an idle connection gets nothing from
    the server unless the server is closing it (a restart, a terminated
    backend), so a readable socket means a dead connection; no round trip."""
    if connection.closed or connection.status != psycopg2.extensions.STATUS_READY:
        return False
    try:
        poller = select.poll()
        poller.register(connection.fileno(), select.POLLIN)
        return not poller.poll(0)
    except (OSError, ValueError, psycopg2.Error):
        return False


_pools: dict[str, _Pool] = {}
_ready: set[str] = set()
_lock = threading.Lock()


def _pool(dsn: str) -> _Pool:
    if psycopg2 is None:
        raise RuntimeError(
            "audit-dsn is set but psycopg2 is missing: install bti.portal[cluster]"
        )
    with _lock:
        if dsn not in _pools:
            _pools[dsn] = _Pool(dsn)
        return _pools[dsn]


@contextmanager
def _connection(dsn: str, fresh: bool = False):
    """A pooled connection inside one transaction (commit, or rollback on
    error); yields (connection, whether it was kept from an earlier use).

    A connection that failed (the server dropped it) is closed, not reused.
    """
    pool = _pool(dsn)
    connection, kept = pool.get(fresh)
    broken = False
    try:
        with connection:  # psycopg2: commit on success, rollback on exception
            yield connection, kept
    except (psycopg2.OperationalError, psycopg2.InterfaceError):
        broken = True
        raise
    finally:
        pool.put(connection, close=broken)


def _run(dsn: str, work):
    """``work(cursor)`` in one transaction; once more on a new connection when
    the connection dies under it (dead since its last use, or ended by the
    server while the process was stopped: the transaction rolled back with it;
    should it have died in the very commit, a record may be written twice,
    which the chain allows, rather than a request refused). A failure to
    connect at all is not retried."""
    connected = False
    try:
        with _connection(dsn) as (connection, _kept), connection.cursor() as cursor:
            connected = True
            return work(cursor)
    except (psycopg2.OperationalError, psycopg2.InterfaceError):
        if not connected:
            raise
    with _connection(dsn, fresh=True) as (connection, _), connection.cursor() as cursor:
        return work(cursor)


def _create(dsn: str) -> None:
    if dsn in _ready:
        return

    def create(cursor):
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
        cursor.execute(_SCHEMA)

    _run(dsn, create)
    _ready.add(dsn)


def sites(dsn: str) -> list[str]:
    """The sites that have a chain in this database (for verification)."""

    def names(cursor) -> list[str]:
        cursor.execute("SELECT to_regclass(%s)", (TABLE,))
        if cursor.fetchone()[0] is None:
            return []
        cursor.execute(f"SELECT DISTINCT site_id FROM {TABLE} ORDER BY 1")  # noqa: S608
        return [row[0] for row in cursor]

    return _run(dsn, names)


class PostgresAuditStore:
    """One site's chain in the audit table. No API changes or removes a record."""

    def __init__(self, dsn: str, site_id: str):
        self.dsn = dsn
        self.site_id = site_id

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
        _create(self.dsn)

        def append_one(cursor) -> AuditRecord:
            cursor.execute(_LOCK_CHAIN, (f"{TABLE}:{self.site_id}",))
            cursor.execute(
                f"{_SELECT} WHERE site_id = %s ORDER BY seq DESC LIMIT 1",
                (self.site_id,),
            )
            row = cursor.fetchone()
            record = next_record(
                AuditRecord(*row) if row else None,
                user_id=user_id,
                log_uid=log_uid,
                action=action,
                path=path,
                method=method,
                status=status,
            )
            cursor.execute(_INSERT, (self.site_id, *astuple(record)))
            return record

        return _run(self.dsn, append_one)

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
        query = (
            f"{_SELECT} WHERE site_id = %s AND log_uid = ANY(%s) "
            f"ORDER BY seq {order} LIMIT %s OFFSET %s"
        )
        return self._query(query, (self.site_id, list(uids), limit, offset))

    def count(self, uids: Iterable[str]) -> int:
        query = f"SELECT count(*) FROM {TABLE} WHERE site_id = %s AND log_uid = ANY(%s)"  # noqa: S608
        rows = self._rows(query, (self.site_id, list(uids)))
        return rows[0][0] if rows else 0

    def all(self) -> Iterator[AuditRecord]:
        """Every record of the site's chain in storage order (for verification)."""
        _create(self.dsn)
        query = f"{_SELECT} WHERE site_id = %s ORDER BY seq"
        with (
            _connection(self.dsn) as (connection, _),
            connection.cursor(name="bti_audit_all") as cursor,  # server side
        ):
            cursor.itersize = 2000
            cursor.execute(query, (self.site_id,))
            for row in cursor:
                yield AuditRecord(*row)

    def _query(self, query: str, parameters: tuple) -> list[AuditRecord]:
        return [AuditRecord(*row) for row in self._rows(query, parameters)]

    def _rows(self, query: str, parameters: tuple) -> list[tuple]:
        _create(self.dsn)

        def rows(cursor) -> list[tuple]:
            cursor.execute(query, parameters)
            return cursor.fetchall()

        return _run(self.dsn, rows)
