"""`make start` on a fresh data folder, the real path (slow, level 3): no ERROR
line, one progress line per site, mail of the running site in the catcher, a
second start refused in one line, SIGTERM to make and Ctrl-C to a background
make both stop everything.

One test does it all, on one demo site (BTI_SITES): creating a site takes a
minute; the demo content tests create the others.
"""

from pathlib import Path

import base64
import contextlib
import email
import email.policy
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request


ROOT = Path(__file__).resolve().parent.parent
CREATE_TIMEOUT = 900
START_TIMEOUT = 300
STOP_TIMEOUT = 60
SITES = ("byn",)
SUBJECT = "Start test 4711"
ADMIN = "Basic " + base64.b64encode(b"admin:admin").decode()


def read_mail(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def is_test_mail(message) -> bool:
    return message["Subject"] == SUBJECT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def ignore_sigint():
    """As a shell without job control starts `make start &`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class TestMakeStart(unittest.TestCase):
    level = 3

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="bti-start-"))
        self.var = self.tmp / "var"
        self.port, self.mail_port = free_port(), free_port()
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "BTI_VAR": str(self.var),
            "PORT": str(self.port),
            "MAIL_PORT": str(self.mail_port),
            "INSTANCE": str(self.tmp / "instance"),
            "PUBLIC_URL": f"http://localhost:{self.port}",
            "BTI_SITES": ",".join(SITES),
        }
        self.processes = []
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.addCleanup(self.kill_leftovers)

    def kill_leftovers(self):
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT)

    def make_start(self, log_name: str, **popen):
        log = (self.tmp / log_name).open("w")
        self.addCleanup(log.close)
        process = subprocess.Popen(
            ["make", "--no-print-directory", "start"],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **popen,
        )
        self.processes.append(process)
        return process

    def output(self, log_name: str) -> str:
        return (self.tmp / log_name).read_text(errors="replace")

    def wait_until_serving(self, process, log_name: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process.poll() is None:
            if "Serving on" in self.output(log_name) and listening(self.port):
                return
            time.sleep(1)
        self.fail(f"not serving (exit {process.poll()}):\n{self.output(log_name)}")

    def wait_until_stopped(self, process, log_name: str) -> None:
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail(f"still running:\n{self.output(log_name)[-3000:]}")
        for port in (self.port, self.mail_port):
            self.assertFalse(listening(port), f"port {port} still open")

    def request(self, path: str, data: dict | None = None, accept="application/json"):
        request = urllib.request.Request(
            f"http://localhost:{self.port}/{path}",
            data=None if data is None else json.dumps(data).encode(),
            method="GET" if data is None else "POST",
            headers={
                "Accept": accept,
                "Content-Type": "application/json",
                "Authorization": ADMIN,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def error_lines(self, text: str) -> list[str]:
        return [line for line in text.splitlines() if re.search(r"\bERROR\b", line)]

    def test_fresh_start_second_start_sigterm_and_ctrl_c(self):
        # 1. A fresh start creates the sites, one line each, and serves.
        first = self.make_start("first.log")
        self.wait_until_serving(first, "first.log", CREATE_TIMEOUT)
        output = self.output("first.log")
        progress = re.findall(r"\[(\d)/(\d)\] .* \((\w+)\) created in \d+ s", output)
        self.assertEqual([site for _, _, site in progress], list(SITES), output)
        self.assertEqual({total for _, total, _ in progress}, {str(len(SITES))})
        self.assertRegex(output, r"Demo sites created in \d+ s\.")
        self.assertIn(f"listed at http://localhost:{self.mail_port}/", output)
        self.assertNotIn("no sender address", output)
        self.assertNotIn("Traceback", output)
        self.assertNotIn("Ignoring index", output)  # create-sites closed the database

        # 2. The running site sends a mail: it lands in the catcher, listed.
        forms = self.request("byn/@search?portal_type=EasyForm&b_size=1")
        self.assertEqual(forms[0], 200, forms[1])
        form_url = json.loads(forms[1])["items"][0]["@id"]
        form_page = self.request(form_url.split("/", 3)[3], accept="text/html")
        self.assertEqual(form_page[0], 200)
        status, body = self.request(
            "byn/@email-send",
            {
                "to": "ansatt@byn.example.org",
                "from": "tester@example.org",
                "subject": SUBJECT,
                "message": "From the running server.",
            },
        )
        self.assertEqual(status, 204, body)
        mail = self.var / "mail"
        deadline, found = time.monotonic() + 30, []
        while time.monotonic() < deadline and not found:
            found = [m for m in map(read_mail, mail.glob("*.eml")) if is_test_mail(m)]
            time.sleep(0.5)
        self.assertEqual(len(found), 1, sorted(p.name for p in mail.glob("*")))
        self.assertEqual(found[0]["From"], "noreply@byn.example.org")
        self.assertEqual(found[0]["X-RcptTo"], "ansatt@byn.example.org")
        # Creating the sites mailed the demo's notifications there already.
        self.assertGreater(len(list(mail.glob("*.eml"))), 10)
        with urllib.request.urlopen(
            f"http://localhost:{self.mail_port}/", timeout=30
        ) as page:
            self.assertIn(SUBJECT, page.read().decode())

        # No ERROR line from start to here, on the console or in the event log
        # (the form page included: no "Error resolving behavior").
        event_log = (self.var / "log" / "event.log").read_text(errors="replace")
        self.assertEqual(self.error_lines(self.output("first.log") + event_log), [])

        # 3. A second start on the same data: one clear line, non-zero, quickly.
        second = subprocess.run(
            ["make", "--no-print-directory", "start"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
        )
        self.assertNotEqual(second.returncode, 0)
        self.assertRegex(second.stderr, r"The database in .* is in use by process \d+")
        self.assertNotIn("Traceback", second.stdout + second.stderr)
        self.assertEqual(self.error_lines(second.stdout + second.stderr), [])

        # 4. SIGTERM to make (not its group) stops server and catcher.
        first.send_signal(signal.SIGTERM)
        self.wait_until_stopped(first, "first.log")
        self.assertIn("Stopped.", self.output("first.log"))

        # 5. Started in the background (SIGINT ignored), Ctrl-C stops it too;
        #    the data is reused without an ERROR line.
        background = self.make_start("background.log", preexec_fn=ignore_sigint)
        self.wait_until_serving(background, "background.log", START_TIMEOUT)
        os.killpg(background.pid, signal.SIGINT)
        self.wait_until_stopped(background, "background.log")
        output = self.output("background.log")
        self.assertIn("reusing the data", output)
        self.assertIn("Stopped.", output)
        self.assertEqual(self.error_lines(output), [])
