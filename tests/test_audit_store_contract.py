"""One contract, two audit stores: the SQLite file (the default) and the
PostgreSQL table (the cluster), the latter against a real PostgreSQL on loopback
started by scripts/cluster/postgres.sh in a temporary $BTI_VAR."""

from bti.portal import instance
from bti.portal.audit import pgstore
from bti.portal.audit import store as audit_store
from bti.portal.audit.pgstore import PostgresAuditStore
from bti.portal.audit.store import AuditStore
from bti.portal.domain import audit
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from plone.testing import Layer
from unittest import mock

import multiprocessing
import os
import psycopg2
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import unittest
import uuid


ROOT = Path(__file__).parent.parent
POSTGRES = ROOT / "scripts" / "cluster" / "postgres.sh"
VERIFY = ROOT / "scripts" / "verify_audit.py"
LOG_A, LOG_B = "a" * 32, "b" * 32


class PostgresLayer(Layer):
    """PostgreSQL 15 on 127.0.0.1:$BTI_PG_PORT (5433) with a fresh data folder."""

    def setUp(self):
        self.var = tempfile.mkdtemp(prefix="bti-pg-")
        # As root the server runs as "postgres", which must pass through.
        os.chmod(self.var, 0o711)  # noqa: S103
        self.env = {**os.environ, "BTI_VAR": self.var, "BTI_PG_DB": "audit"}
        self.script("start")
        self["dsn"] = self.script("dsn").strip()
        self["postgres"] = self.script

    def script(self, *args: str) -> str:
        return subprocess.run(
            [str(POSTGRES), *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout

    def tearDown(self):
        self.script("stop")
        shutil.rmtree(self.var, ignore_errors=True)


POSTGRES_LAYER = PostgresLayer(name="PostgresLayer")


def append(store, log_uid: str = LOG_A, user_id: str = "kari", **values):
    return store.append(
        user_id=user_id,
        log_uid=log_uid,
        action=values.get("action", audit.VIEW),
        path=values.get("path", f"/plone/logs/{log_uid[:16]}"),
        method=values.get("method", "GET"),
        status=values.get("status", 200),
    )


def append_many(kind: str, where: str, site_id: str, user_id: str, count: int):
    """One writer process with its own connections (spawned: nothing shared)."""
    if kind == "sqlite":
        store = AuditStore(where)
    else:
        store = PostgresAuditStore(where, site_id)
    for _number in range(count):
        append(store, user_id=user_id)


class StoreContract:
    """What every audit store does. Subclasses give ``make_store``, ``raw``
    (SQL with the append-only guards lifted) and the writer arguments."""

    kind = ""
    public_api = frozenset({"append", "for_log", "for_logs", "count", "all"})

    def test_append_links_records(self):
        first = append(self.store)
        second = append(self.store, LOG_B, "ola", action=audit.DENIED, status=401)
        self.assertEqual((first.seq, second.seq), (1, 2))
        self.assertEqual(first.prev_hash, audit.GENESIS)
        self.assertEqual(second.prev_hash, first.hash)
        self.assertEqual(list(self.store.all()), [first, second])
        self.assertEqual(audit.verify(self.store.all()), [])

    def test_reads_per_log(self):
        records = [append(self.store, uid) for uid in (LOG_A, LOG_B, LOG_A)]
        self.assertEqual(self.store.for_log(LOG_A), [records[0], records[2]])
        self.assertEqual(self.store.for_logs([LOG_A, LOG_B]), records)
        self.assertEqual(
            self.store.for_logs([LOG_A, LOG_B], newest_first=True, limit=2),
            [records[2], records[1]],
        )
        self.assertEqual(
            self.store.for_log(LOG_A, newest_first=True, limit=1, offset=1),
            [records[0]],
        )
        self.assertEqual(self.store.count([LOG_A]), 2)
        self.assertEqual(self.store.for_logs([]), [])
        self.assertEqual(self.store.count([]), 0)

    def test_empty_chain_reads_empty(self):
        self.assertEqual(self.store.for_log(LOG_A), [])
        self.assertEqual(list(self.store.all()), [])
        self.assertEqual(self.store.count([LOG_A]), 0)

    def test_no_way_to_change_records(self):
        public = {name for name in dir(type(self.store)) if not name.startswith("_")}
        self.assertEqual(public, self.public_api)

    def test_database_refuses_update_and_delete(self):
        append(self.store)
        for sql in self.changes():
            with self.assertRaisesRegex(Exception, "append-only"):
                self.raw(sql, guarded=True)
        self.assertEqual(len(list(self.store.all())), 1)

    def test_tampering_is_detected(self):
        for number in range(5):
            append(self.store, user_id=f"user{number}")
        update, delete = self.changes()[:2]
        self.raw(update.replace("WHERE", "WHERE seq = 3 AND"), guarded=False)
        self.raw(delete.replace("WHERE", "WHERE seq = 4 AND"), guarded=False)
        append(self.store)  # appending after tampering keeps it visible
        problems = [(p.seq, p.kind) for p in audit.verify(self.store.all())]
        self.assertEqual(problems, [(3, "changed"), (5, "removed")])

    def test_processes_append_to_one_chain(self):
        context = multiprocessing.get_context("spawn")
        writers = [
            context.Process(
                target=append_many, args=(*self.writer_args(), f"user{n}", 25)
            )
            for n in range(4)
        ]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(120)
            self.assertEqual(writer.exitcode, 0)
        records = list(self.store.all())
        self.assertEqual([r.seq for r in records], list(range(1, 101)))
        self.assertEqual(audit.verify(records), [])


class TestSQLiteStore(StoreContract, unittest.TestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory(prefix="bti-audit-")
        self.addCleanup(folder.cleanup)
        self.path = Path(folder.name) / "plone.sqlite"
        self.store = AuditStore(self.path)

    def writer_args(self):
        return ("sqlite", str(self.path), "")

    def changes(self):
        return [
            "UPDATE audit SET user_id = 'x' WHERE 1=1",
            "DELETE FROM audit WHERE 1=1",
        ]

    def raw(self, sql: str, *, guarded: bool) -> None:
        with closing(sqlite3.connect(self.path, isolation_level=None)) as db:
            if not guarded:
                db.executescript(
                    "DROP TRIGGER IF EXISTS audit_no_update;"
                    "DROP TRIGGER IF EXISTS audit_no_delete;"
                )
            db.executescript(sql)


class TestPostgresStore(StoreContract, unittest.TestCase):
    layer = POSTGRES_LAYER

    def setUp(self):
        self.dsn = self.layer["dsn"]
        self.site_id = f"site-{uuid.uuid4().hex[:8]}"  # a fresh chain per test
        self.store = PostgresAuditStore(self.dsn, self.site_id)

    def writer_args(self):
        return ("postgresql", self.dsn, self.site_id)

    def changes(self):
        where = f"WHERE site_id = '{self.site_id}'"  # a uuid of ours
        return [
            f"UPDATE bti_audit SET user_id = 'x' {where}",  # noqa: S608
            f"DELETE FROM bti_audit {where}",  # noqa: S608
            "TRUNCATE bti_audit",
        ]

    def raw(self, sql: str, *, guarded: bool) -> None:
        with closing(psycopg2.connect(self.dsn)) as db, db, db.cursor() as cursor:
            if not guarded:  # someone with the database password lifts the guard
                cursor.execute("ALTER TABLE bti_audit DISABLE TRIGGER USER")
            cursor.execute(sql)
            if not guarded:
                cursor.execute("ALTER TABLE bti_audit ENABLE TRIGGER USER")

    def test_chains_of_sites_are_separate(self):
        other = PostgresAuditStore(self.dsn, f"{self.site_id}-other")
        append(self.store)
        self.assertEqual(append(other).seq, 1)
        self.assertIn(self.site_id, pgstore.sites(self.dsn))

    def test_connections_stay_open_between_appends(self):
        """One server connection for many appends, and a new one when the
        server dropped it while idle (a restart)."""

        def backend() -> int:
            with (
                pgstore._connection(self.dsn) as (connection, _),
                connection.cursor() as cursor,
            ):
                cursor.execute("SELECT pg_backend_pid()")
                return cursor.fetchone()[0]

        append(self.store)
        first = backend()
        append(self.store)
        self.assertEqual(backend(), first)
        self.terminate(first)
        self.assertEqual(append(self.store).seq, 3)
        self.assertNotEqual(backend(), first)

    def test_a_kept_connection_that_fails_is_replaced_once(self):
        """Dead without a word (a firewall's idle timeout: nothing to read on
        the socket): the append fails on it and goes through on a new one."""
        append(self.store)
        with pgstore._connection(self.dsn) as (connection, kept):
            self.assertTrue(kept)
            backend = connection.get_backend_pid()
        self.terminate(backend)
        with mock.patch.object(pgstore, "_usable", return_value=True):
            self.assertEqual(append(self.store).seq, 2)
        with (
            mock.patch.object(pgstore, "_usable", return_value=False),
            mock.patch.object(
                pgstore.psycopg2, "connect", side_effect=psycopg2.OperationalError
            ),
            self.assertRaises(psycopg2.OperationalError),
        ):
            append(self.store)  # no connection at all: refused, not retried

    def test_a_stopped_append_does_not_hold_the_chain(self):
        """A process stopped between taking the chain's lock and committing
        (kill -STOP, a stall): the server ends its transaction after 5 s, so
        the next append goes through while it is still stopped; going on, the
        stopped one fails on its closed connection and is appended anew."""
        append(self.store)  # the stopped append on a kept connection
        self.assertEqual(self.append_while_one_is_stopped(), (2, 3))

    def test_a_stopped_append_on_a_new_connection_is_made_anew(self):
        """The same on a connection opened for it (a process's first append,
        or none kept): it is made anew too, not lost after the commit."""
        pgstore._pools.pop(self.dsn, None)
        self.assertEqual(self.append_while_one_is_stopped(), (1, 2))

    def append_while_one_is_stopped(self) -> tuple[int, int]:
        stopped, go_on = threading.Event(), threading.Event()
        next_record = pgstore.next_record

        def stop_once(*args, **values):
            if not stopped.is_set():
                stopped.set()
                go_on.wait(60)
            return next_record(*args, **values)

        with (
            mock.patch.object(pgstore, "next_record", stop_once),
            ThreadPoolExecutor(1) as pool,
        ):
            holder = pool.submit(append, self.store, user_id="stopped")
            self.assertTrue(stopped.wait(30))
            meanwhile = append(self.store, user_id="meanwhile")
            go_on.set()
            resumed = holder.result(timeout=60)
        self.assertEqual(audit.verify(self.store.all()), [])
        return meanwhile.seq, resumed.seq

    def test_the_stall_limit_is_the_appends_own(self):
        """The 5 s limit is set inside an append's transaction only: a read
        on the same kept connection may wait longer between two batches."""
        append(self.store)
        with pgstore._connection(self.dsn) as (connection, kept):
            self.assertTrue(kept)
            with connection.cursor() as cursor:
                cursor.execute("SHOW idle_in_transaction_session_timeout")
                self.assertEqual(cursor.fetchone()[0], "0")

    def terminate(self, backend: int) -> None:
        with (
            closing(psycopg2.connect(self.dsn)) as other,
            other,
            other.cursor() as cursor,
        ):
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", (backend,))

    def test_configuration_chooses_the_store(self):
        with mock.patch.dict(os.environ, {"BTI_AUDIT_DSN": self.dsn}):
            chosen = audit_store.store_for_site("byn")
        self.assertIsInstance(chosen, PostgresAuditStore)
        self.assertEqual((chosen.dsn, chosen.site_id), (self.dsn, "byn"))
        config = mock.Mock(
            product_config={"bti.portal": {"audit-dsn": self.dsn}}, clienthome="/x"
        )
        with (
            mock.patch.dict(os.environ, {"BTI_AUDIT_DSN": "", "BTI_AUDIT_DIR": ""}),
            mock.patch.object(instance, "getConfiguration", return_value=config),
        ):
            self.assertIsInstance(audit_store.store_for_site("byn"), PostgresAuditStore)
            config.product_config = {"bti.portal": {"audit-dir": "/srv/audit"}}
            chosen = audit_store.store_for_site("byn")
        self.assertIsInstance(chosen, AuditStore)  # the default: a file
        self.assertEqual(chosen.path, Path("/srv/audit/byn.sqlite"))

    def test_verify_script_reads_the_table(self):
        database = f"verify_{uuid.uuid4().hex[:8]}"
        self.layer["postgres"]("psql", "-c", f"CREATE DATABASE {database}")
        dsn = self.layer["postgres"]("dsn", database).strip()
        for site in ("byn", "inderoy"):
            for _number in range(3):
                append(PostgresAuditStore(dsn, site))

        def verify_script():
            env = {**os.environ, "BTI_AUDIT_DSN": dsn}
            return subprocess.run(
                [sys.executable, str(VERIFY)],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )

        result = verify_script()
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("byn: 3 records, chain intact", result.stdout)
        self.assertIn("inderoy: 3 records, chain intact", result.stdout)
        with closing(psycopg2.connect(dsn)) as db, db, db.cursor() as cursor:
            cursor.execute("ALTER TABLE bti_audit DISABLE TRIGGER USER")
            cursor.execute("UPDATE bti_audit SET status = 500 WHERE seq = 2")
        result = verify_script()
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn("byn: 3 records, 1 problem(s)", result.stdout)
        self.assertIn("record 2: changed", result.stdout)
