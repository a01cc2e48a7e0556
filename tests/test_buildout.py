"""buildout.cfg: versions.cfg matches constraints.txt; a fresh buildout serves Plone.

The slow test (level 3) copies the checkout to a temporary folder, makes a
virtualenv there, runs bin/buildout (eggs from PyPI) and starts bin/instance.
"""

from pathlib import Path

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request


ROOT = Path(__file__).resolve().parent.parent
BUILDOUT_TIMEOUT = 1800
START_TIMEOUT = 120
STOP_TIMEOUT = 20
OUTPUT_TAIL = 4000


def run(args, cwd, timeout):
    """Run a command in its own session; return (exit code, combined output)."""
    process = subprocess.Popen(
        args,
        cwd=cwd,
        env=clean_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(process)
        output, _ = process.communicate(timeout=STOP_TIMEOUT)
        return -1, f"{output}\nTimed out after {timeout} s: {args}"
    return process.returncode, output


def clean_env():
    """The environment without the running virtualenv's paths."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONWARNINGS"):
        env.pop(name, None)
    return env


def base_python():
    """A Python that is not the one inside this checkout's .venv."""
    return getattr(sys, "_base_executable", None) or sys.executable


def checkout_files():
    """Tracked files plus new, not ignored ones (so uncommitted work is tested)."""
    code, output = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        timeout=60,
    )
    if code:
        raise RuntimeError(f"git ls-files failed: {output}")
    return [name for name in output.split("\0") if name]


def copy_checkout(target: Path):
    for name in checkout_files():
        source, copy = ROOT / name, target / name
        if not source.is_symlink() and not source.exists():
            continue  # deleted in the work tree
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copy.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, copy)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(url, accept=None):
    """Return (status, body) or (None, error text) if the server did not answer."""
    request = urllib.request.Request(url)  # noqa: S310 (http to the local instance)
    if accept:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError as error:
        return None, str(error)


def tail(text):
    return text[-OUTPUT_TAIL:]


class TestVersionsCfg(unittest.TestCase):
    def test_versions_cfg_is_generated_from_constraints(self):
        code, output = run(
            [sys.executable, "scripts/versions_cfg.py", "constraints.txt"],
            cwd=ROOT,
            timeout=60,
        )
        self.assertEqual(code, 0, output)
        self.assertEqual(
            (ROOT / "versions.cfg").read_text(),
            output,
            "versions.cfg is out of date: run make versions",
        )


class BuildoutLayer:
    """A buildout in a temporary copy of the checkout, with bin/instance running.

    A zope.testrunner layer: the runner does not call setUpClass.
    """

    directory = server = None

    @classmethod
    def setUp(cls):
        cls.directory = Path(tempfile.mkdtemp(prefix="bti-buildout-"))
        try:
            cls.port = free_port()
            copy_checkout(cls.directory)
            cls.buildout_output = cls.install()
            cls.start_instance()
        except BaseException:
            cls.tearDown()
            raise

    @classmethod
    def tearDown(cls):
        if cls.server is not None:
            stop(cls.server)
            cls.server = None
        if cls.directory is not None:
            shutil.rmtree(cls.directory, ignore_errors=True)
            cls.directory = None

    @classmethod
    def step(cls, args, timeout):
        code, output = run(args, cwd=cls.directory, timeout=timeout)
        if code:
            raise AssertionError(f"{args[:3]} exited {code}:\n{tail(output)}")
        return output

    @classmethod
    def install(cls):
        bin_dir = cls.directory / "bin"
        cls.step([base_python(), "-m", "venv", str(cls.directory)], timeout=300)
        cls.step(
            [
                bin_dir / "pip",
                "install",
                "-q",
                "-c",
                "constraints.txt",
                "zc.buildout",
                "setuptools",
                "wheel",
            ],
            timeout=600,
        )
        return cls.step(
            [
                bin_dir / "buildout",
                "-c",
                "buildout.cfg",
                f"buildout:directory={cls.directory}",
                f"instance:http-address=127.0.0.1:{cls.port}",
            ],
            timeout=BUILDOUT_TIMEOUT,
        )

    @classmethod
    def start_instance(cls):
        cls.log_path = cls.directory / "instance-fg.log"
        with open(cls.log_path, "wb") as log:
            # A new session: bin/instance fg runs the server as its child.
            cls.server = subprocess.Popen(
                [cls.directory / "bin" / "instance", "fg"],
                cwd=cls.directory,
                env=clean_env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )


def stop(process):
    """Stop a process and its session: TERM, then KILL whatever is left."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_TIMEOUT)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=STOP_TIMEOUT)


class TestBuildout(unittest.TestCase):
    layer = BuildoutLayer
    level = 3

    def instance_log(self):
        return tail(self.layer.log_path.read_text(errors="replace"))

    def url(self, path=""):
        return f"http://127.0.0.1:{self.layer.port}/{path}"

    def wait_until_serving(self):
        server = self.layer.server
        deadline = time.monotonic() + START_TIMEOUT
        status, body = None, ""
        while time.monotonic() < deadline and server.poll() is None:
            status, body = http_get(self.url())
            if status == 200:
                return
            time.sleep(1)
        self.fail(
            f"No 200 from {self.url()} (last: {status} {body[:200]}), "
            f"instance exit code {server.poll()}:\n{self.instance_log()}"
        )

    def test_every_egg_is_pinned(self):
        self.assertNotIn("automatically picked", self.layer.buildout_output)

    def test_instance_lists_the_bti_distribution(self):
        self.wait_until_serving()
        status, body = http_get(self.url("@sites"), accept="application/json")
        self.assertEqual(status, 200, body[:500])
        names = [item["name"] for item in json.loads(body)["distributions"]]
        self.assertIn("bti", names, self.instance_log())

    def test_access_log_masks_national_ids(self):
        self.wait_until_serving()
        http_get(self.url("@@search?SearchableText=01017012345"))
        http_get(self.url("@@search?SearchableText=010170+12345"))
        logs = self.layer.directory / "var" / "log"
        deadline = time.monotonic() + 10
        text = ""
        while time.monotonic() < deadline:
            access = logs / "instance-access.log"
            text = access.read_text(errors="replace") if access.exists() else ""
            if text.count("SearchableText") >= 2:
                break
            time.sleep(0.5)
        self.assertEqual(text.count("SearchableText=***********"), 2, text[-2000:])
        for log in logs.glob("*.log"):
            self.assertNotIn("12345", log.read_text(errors="replace"), log.name)
