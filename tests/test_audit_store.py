"""The SQLite audit store: append, read, tampering, several writers, verify script."""

from bti.portal import instance
from bti.portal.audit import store as audit_store
from bti.portal.audit.store import AuditStore
from bti.portal.domain import audit
from contextlib import closing
from pathlib import Path
from unittest import mock

import multiprocessing
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest


ROOT = Path(__file__).parent.parent
SCRIPT = ROOT / "scripts" / "verify_audit.py"
LOG_A, LOG_B = "a" * 32, "b" * 32


def append(store: AuditStore, log_uid: str = LOG_A, user_id: str = "kari", **values):
    return store.append(
        user_id=user_id,
        log_uid=log_uid,
        action=values.get("action", audit.VIEW),
        path=values.get("path", f"/plone/logs/{log_uid[:16]}"),
        method=values.get("method", "GET"),
        status=values.get("status", 200),
    )


def append_many(path: str, user_id: str, count: int) -> None:
    """One writer process: its own connections to the shared file."""
    store = AuditStore(path)
    for _number in range(count):
        append(store, user_id=user_id)


def raw(path: Path, sql: str) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.executescript(sql)


class StoreTestCase(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory(prefix="bti-audit-")
        self.addCleanup(self.folder.cleanup)
        self.path = Path(self.folder.name) / "plone.sqlite"
        self.store = AuditStore(self.path)


class TestAppendAndRead(StoreTestCase):
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

    def test_missing_file_reads_empty_and_is_not_created(self):
        self.assertEqual(self.store.for_log(LOG_A), [])
        self.assertEqual(list(self.store.all()), [])
        self.assertEqual(self.store.count([LOG_A]), 0)
        self.assertFalse(self.path.exists())

    def test_file_is_private_and_in_wal_mode(self):
        append(self.store)
        self.assertEqual(self.path.stat().st_mode & 0o777, 0o600)
        with closing(sqlite3.connect(self.path)) as connection:
            self.assertEqual(
                connection.execute("PRAGMA journal_mode").fetchone()[0], "wal"
            )

    def test_store_has_no_way_to_change_records(self):
        public = {name for name in dir(AuditStore) if not name.startswith("_")}
        self.assertEqual(public, {"append", "for_log", "for_logs", "count", "all"})

    def test_database_refuses_update_and_delete(self):
        append(self.store)
        for sql in ("UPDATE audit SET user_id = 'x'", "DELETE FROM audit"):
            with self.assertRaisesRegex(sqlite3.IntegrityError, "append-only"):
                raw(self.path, sql)
        self.assertEqual(len(list(self.store.all())), 1)


class TestTampering(StoreTestCase):
    def setUp(self):
        super().setUp()
        for number in range(5):
            append(self.store, user_id=f"user{number}")
        # Someone with file access removes the guards first.
        raw(self.path, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")

    def problems(self) -> list[tuple[int, str]]:
        return [(p.seq, p.kind) for p in audit.verify(self.store.all())]

    def test_edited_row_is_detected(self):
        raw(self.path, "UPDATE audit SET user_id = 'someone' WHERE seq = 3")
        self.assertEqual(self.problems(), [(3, "changed")])

    def test_deleted_row_is_detected(self):
        raw(self.path, "DELETE FROM audit WHERE seq = 2")
        self.assertEqual(self.problems(), [(3, "removed")])

    def test_swapped_rows_are_detected(self):
        raw(
            self.path,
            "UPDATE audit SET seq = 100 WHERE seq = 2;"
            "UPDATE audit SET seq = 2 WHERE seq = 3;"
            "UPDATE audit SET seq = 3 WHERE seq = 100;",
        )
        self.assertIn((2, "changed"), self.problems())

    def test_appending_after_tampering_keeps_the_problem_visible(self):
        raw(self.path, "DELETE FROM audit WHERE seq = 4")
        append(self.store)
        self.assertEqual(self.problems(), [(5, "removed")])


class TestSeveralWriters(StoreTestCase):
    def test_processes_append_to_one_chain(self):
        context = multiprocessing.get_context("spawn")
        writers = [
            context.Process(target=append_many, args=(str(self.path), f"user{n}", 40))
            for n in range(4)
        ]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(120)
            self.assertEqual(writer.exitcode, 0)
        records = list(self.store.all())
        self.assertEqual(len(records), 160)
        self.assertEqual([r.seq for r in records], list(range(1, 161)))
        self.assertEqual(audit.verify(records), [])


class TestLocation(unittest.TestCase):
    def test_environment_first(self):
        with mock.patch.dict(os.environ, {"BTI_AUDIT_DIR": "/srv/audit"}):
            self.assertEqual(audit_store.audit_dir(), Path("/srv/audit"))
            self.assertEqual(
                audit_store.store_for_site("byn").path, Path("/srv/audit/byn.sqlite")
            )

    def test_product_config_then_clienthome(self):
        config = mock.Mock(
            product_config={"bti.portal": {"audit-dir": "/var/bti/audit"}},
            clienthome="/inst/var",
        )
        with (
            mock.patch.dict(os.environ, {"BTI_AUDIT_DIR": ""}),
            mock.patch.object(instance, "getConfiguration", return_value=config),
        ):
            self.assertEqual(audit_store.audit_dir(), Path("/var/bti/audit"))
            config.product_config = None
            self.assertEqual(audit_store.audit_dir(), Path("/inst/var/audit"))

    def test_site_file_name_is_safe(self):
        self.assertEqual(audit_store.site_file_name("byn"), "byn.sqlite")
        self.assertEqual(audit_store.site_file_name("../etc/x y"), "_etc_x_y.sqlite")


class TestVerifyScript(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory(prefix="bti-audit-")
        self.addCleanup(self.folder.cleanup)
        self.dir = Path(self.folder.name)

    def run_script(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(SCRIPT), *args],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )

    def test_intact_chains_exit_zero_with_counts(self):
        for site, count in (("byn", 3), ("sogndal", 2)):
            store = AuditStore(self.dir / f"{site}.sqlite")
            for _number in range(count):
                append(store)
        result = self.run_script(str(self.dir))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("byn: 3 records, chain intact", result.stdout)
        self.assertIn("sogndal: 2 records, chain intact", result.stdout)

    def test_tampered_chain_exits_non_zero(self):
        path = self.dir / "byn.sqlite"
        store = AuditStore(path)
        for _number in range(3):
            append(store)
        raw(path, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2;")
        result = self.run_script(str(self.dir))
        self.assertEqual(result.returncode, 1)
        self.assertIn("byn: 2 records, 1 problem(s)", result.stdout)
        self.assertIn("record 3: removed", result.stdout)

    def test_unreadable_file_exits_non_zero(self):
        (self.dir / "byn.sqlite").write_text("not a database")
        result = self.run_script(str(self.dir))
        self.assertEqual(result.returncode, 1)
        self.assertIn("byn: unreadable", result.stdout)

    def test_empty_and_missing_folders(self):
        self.assertEqual(self.run_script(str(self.dir)).returncode, 0)
        self.assertEqual(self.run_script(str(self.dir / "missing")).returncode, 1)
