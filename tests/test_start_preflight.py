"""make start says in one line when the port or the database is taken, and exits
non-zero, before it creates or serves anything."""

from bti.portal.commands.start.preflight import database_problem
from bti.portal.commands.start.preflight import port_problem
from bti.portal.commands.start.preflight import problems
from pathlib import Path

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest
import zc.lockfile


ROOT = Path(__file__).resolve().parent.parent


def temporary_folder(test) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="bti-var-"))
    test.addCleanup(shutil.rmtree, folder, ignore_errors=True)
    return folder


def listening_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


class TestPreflight(unittest.TestCase):
    def setUp(self):
        self.var = temporary_folder(self)
        (self.var / "filestorage").mkdir()
        self.lock_path = self.var / "filestorage" / "Data.fs.lock"

    def hold_database(self):
        """As ZODB's FileStorage does: zc.lockfile with the pid inside."""
        lock = zc.lockfile.LockFile(str(self.lock_path))
        self.addCleanup(lock.close)
        return lock

    def busy_port(self) -> int:
        sock = listening_socket()
        self.addCleanup(sock.close)
        return sock.getsockname()[1]

    def test_free_port_and_database_are_no_problem(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.assertIsNone(port_problem("127.0.0.1", port))
        self.assertIsNone(database_problem(self.var))
        self.assertIsNone(database_problem(self.var / "not-made-yet"))
        self.assertEqual(problems("127.0.0.1", port, self.var, 0), [])

    def test_a_port_in_use_is_one_line_with_what_to_do(self):
        port = self.busy_port()
        message = port_problem("127.0.0.1", port)
        self.assertIn(f"port {port} on 127.0.0.1 is already in use", message)
        self.assertIn("PORT=", message)
        self.assertNotIn("\n", message)
        catcher = port_problem("127.0.0.1", port, "The mail catcher")
        self.assertTrue(catcher.startswith("The mail catcher's port"))

    def test_a_locked_database_names_the_process_that_holds_it(self):
        self.hold_database()
        message = database_problem(self.var)
        self.assertIn(f"in use by process {os.getpid()}", message)
        self.assertIn(f"kill {os.getpid()}", message)
        self.assertNotIn("\n", message)
        # The lock is only tested: the holder keeps it, its pid stays in the file.
        self.assertEqual(self.lock_path.read_text().strip(), str(os.getpid()))

    def test_the_database_is_reported_before_the_port(self):
        self.hold_database()
        found = problems("127.0.0.1", self.busy_port(), self.var, 0)
        self.assertEqual(len(found), 1)
        self.assertIn("database", found[0])

    def test_create_sites_alone_does_not_need_the_server_port(self):
        self.assertEqual(problems("127.0.0.1", None, self.var, 0), [])
        mail_port = self.busy_port()
        (found,) = problems("127.0.0.1", None, self.var, mail_port)
        self.assertIn(f"The mail catcher's port {mail_port}", found)


class TestStartRefuses(unittest.TestCase):
    """scripts/start.py itself: exit code 2, the line on stderr, no traceback,
    nothing started (no mail folder made)."""

    def start(self, var: Path, port: int):
        return subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "start.py"),
                "--port",
                str(port),
                "--var",
                str(var),
                "--mail-port",
                "0",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )

    def test_locked_database(self):
        var = temporary_folder(self)
        (var / "filestorage").mkdir()
        lock = zc.lockfile.LockFile(str(var / "filestorage" / "Data.fs.lock"))
        self.addCleanup(lock.close)
        result = self.start(var, 0)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
        self.assertIn(f"in use by process {os.getpid()}", result.stderr)
        self.assertNotIn("Traceback", result.stderr + result.stdout)
        self.assertFalse((var / "mail").exists())

    def test_port_in_use(self):
        var = temporary_folder(self)
        sock = listening_socket()
        self.addCleanup(sock.close)
        result = self.start(var, sock.getsockname()[1])
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("already in use", result.stderr)
        self.assertNotIn("Traceback", result.stderr + result.stdout)
