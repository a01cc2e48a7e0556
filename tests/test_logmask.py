"""No national id number from a query string reaches a server log.

- the masking itself (11 digits, 6 + 5 with a separator);
- the instance as ``make install`` writes it (scripts/make_instance.py), started
  with runwsgi: the access log line and the event log of requests whose query
  string and referer carry national ids;
- a site's error_log entry (URL, request dump, traceback).
"""

from bti.portal import logmask
from bti.portal.domain.national_id import could_be
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import free_port
from bti.portal.testing import wait_for_port
from pathlib import Path
from tests.logs_fixture import valid_nid

import configparser
import logging
import os
import re
import requests
import shutil
import subprocess
import sys
import tempfile
import unittest


ROOT = Path(__file__).resolve().parent.parent
NID = valid_nid("010315", "512")
ELEVEN = re.compile(r"\d{11,}")
START_TIMEOUT = 120


def leaks(text: str) -> list[str]:
    """National ids in ``text``, also written 6 + 5 with a separator."""
    compact = re.sub(r"(?<=\d{6})(?:\s|\+|%20|%2B|-|\.)(?=\d{5})", "", text)
    return [
        run
        for run in ELEVEN.findall(compact)
        if any(could_be(run[i : i + 11]) for i in range(len(run) - 10))
    ]


class TestMask(unittest.TestCase):
    def test_eleven_digits_and_six_plus_five_are_masked(self):
        for typed in (
            NID,
            f"{NID[:6]} {NID[6:]}",
            f"{NID[:6]}+{NID[6:]}",
            f"{NID[:6]}%20{NID[6:]}",
            f"{NID[:6]}-{NID[6:]}",
            f"x{NID}0",
        ):
            with self.subTest(typed):
                masked = logmask.mask(f"GET /@@search?SearchableText={typed}&b=1")
                self.assertEqual(leaks(masked), [])
                self.assertIn(logmask.MASK, masked)

    def test_percent_encoded_digits_are_masked(self):
        encoded = "".join(f"%3{digit}" for digit in NID)
        for typed in (encoded, f"{encoded[:18]}%20{encoded[18:]}"):
            with self.subTest(typed):
                masked = logmask.mask(f"GET /@@search?SearchableText={typed}")
                self.assertNotIn(encoded[:18], masked)
                self.assertIn(logmask.MASK, masked)

    def test_longer_numbers_failing_the_check_digits_stay(self):
        """RelStorage transaction ids and other long numbers are not national
        ids: a run longer than 11 digits is masked only when 11 digits in a row
        pass mod 11."""
        self.assertEqual(
            logmask.mask("tid 285362312385470651"), "tid 285362312385470651"
        )
        self.assertEqual(logmask.mask(f"tid 9{NID}"), f"tid {logmask.MASK}")

    def test_eleven_digits_are_masked_even_mistyped(self):
        """Exactly an id's length (or 6 + 5): masked even when the check digits
        fail, as a mistyped national id still points at a person."""
        wrong = NID[:9] + str((int(NID[9]) + 1) % 10) + NID[10]
        for text in (
            f"GET /@@search?SearchableText={wrong}",
            f"{wrong[:6]} {wrong[6:]}",
            "bytes 12345678901",
        ):
            with self.subTest(text):
                self.assertIn(logmask.MASK, logmask.mask(text))

    def test_other_numbers_stay(self):
        for text in ("2026-12-03 13:04:21", "bytes 1234567890", "12345 123456"):
            self.assertEqual(logmask.mask(text), text)

    def test_formatter_masks_message_and_traceback(self):
        formatter = logmask.MaskingFormatter("%(message)s")
        try:
            raise ValueError(f"bad {NID}")
        except ValueError:
            record = logging.LogRecord(
                "Zope.SiteErrorLog",
                logging.ERROR,
                __file__,
                1,
                "http://x/@@search?SearchableText=%s",
                (NID,),
                sys.exc_info(),
            )
        text = formatter.format(record)
        self.assertIn("ValueError", text)
        self.assertEqual(leaks(text), [])


class TestInstanceConfig(unittest.TestCase):
    """scripts/make_instance.py's zope.ini, read and served as ``make start`` does."""

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="bti-logmask-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        self.port = free_port()
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "make_instance.py"),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--instance",
                str(self.folder / "instance"),
                "--var",
                str(self.folder / "var"),
            ],
            check=True,
            capture_output=True,
        )
        self.ini = self.folder / "instance" / "etc" / "zope.ini"
        self.logs = self.folder / "var" / "log"

    def test_the_generated_ini_masks_in_every_handler_and_the_access_log(self):
        config = configparser.ConfigParser(interpolation=None)
        config.read(self.ini)
        self.assertEqual(
            config["filter:translogger"]["use"],
            "call:bti.portal.logmask:translogger_filter",
        )
        self.assertIn("translogger", config["pipeline:main"]["pipeline"].split())
        for handler in config["handlers"]["keys"].split(","):
            formatter = config[f"handler_{handler.strip()}"]["formatter"]
            self.assertEqual(
                config[f"formatter_{formatter}"]["class"],
                "bti.portal.logmask.MaskingFormatter",
                handler,
            )

    def test_a_served_request_logs_no_national_id(self):
        env = {**os.environ, "PYTHONWARNINGS": "ignore"}
        runwsgi = Path(sys.executable).parent / "runwsgi"
        process = subprocess.Popen(
            [str(runwsgi), str(self.ini)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_port(self.port, START_TIMEOUT)
            split = f"{NID[:6]}%20{NID[6:]}"
            for query in (
                f"SearchableText={NID}",
                f"SearchableText={split}",
                f"q={NID[:6]}+{NID[6:]}",
            ):
                requests.get(
                    f"http://127.0.0.1:{self.port}/no-such-page?{query}",
                    headers={"Referer": f"http://example.org/?fnr={NID}"},
                    timeout=30,
                )
        finally:
            process.terminate()
            process.wait(timeout=30)
        access = (self.logs / "access.log").read_text()
        self.assertEqual(access.count("/no-such-page?"), 3, access)
        self.assertEqual(access.count(logmask.MASK), 6, access)
        self.assertEqual(leaks(access), [])
        self.assertEqual(leaks((self.logs / "event.log").read_text()), [])


class TestErrorLog(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def test_a_site_error_log_entry_keeps_no_national_id(self):
        portal = self.layer["portal"]
        request = self.layer["request"]
        url = f"{portal.absolute_url()}/@@search?SearchableText={NID}"
        request.other["URL"] = url
        request.form["SearchableText"] = NID
        error_log = portal.error_log
        try:
            raise ValueError(f"no result for {NID}")
        except ValueError:
            error_log.raising(sys.exc_info())
        entries = [e for e in error_log._getLog() if e["type"] == "ValueError"]
        self.assertTrue(entries)
        for name in logmask.ERROR_LOG_FIELDS:
            self.assertEqual(leaks(str(entries[-1][name])), [], name)
