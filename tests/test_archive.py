"""Archive copies of a log: the PDF/A (text, PDF/A id), made at close and at a
handover, never breaking the action when rendering fails, the Noark 5 export.
The test site speaks bokmål."""

from bti.portal.archive import actions
from bti.portal.archive import export
from bti.portal.archive import render
from bti.portal.archive import store
from bti.portal.commands import archive as command
from bti.portal.domain import noark5
from bti.portal.relaylog import create
from bti.portal.relaylog.consent.signing import SIGNATURES
from bti.portal.relaylog.events import LogTransferred
from bti.portal.relaylog.handover import rules as handover
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import SCREENSHOTS
from bti.portal.testing import use_temp_audit_dir
from datetime import date
from pathlib import Path
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import add_log
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.logs_fixture import CHILD_NAME
from unittest import mock
from zope.annotation.interfaces import IAnnotations
from zope.event import notify

import io
import re
import subprocess
import tempfile
import unittest
import zipfile
import zlib


GOAL = "Leser sammen hver kveld"


def pdf_text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def pdfa_identification(pdf: bytes) -> tuple[str, str] | None:
    """(part, conformance) from the XMP metadata stream, if any."""
    found = re.search(
        rb'pdfaid:part="(\d)" pdfaid:conformance="(\w)"', zlib_streams(pdf)
    )
    return (found.group(1).decode(), found.group(2).decode()) if found else None


class ArchiveCase(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        for user in ("holder", "nurse"):
            add_user(user, fullname=f"{user.title()} Hansen")
        unit = add_unit(self.portal, "Barnehagen", "kindergarten", staff=["holder"])
        add_unit(self.portal, "Helsestasjonen", "health_station", staff=["nurse"])
        self.log = add_log(self.portal, unit, "holder")
        with api.env.adopt_user(username="holder"):
            consent = create(
                self.log,
                "Consent",
                kind="create",
                signed=date.today(),
                signed_by=["mor", "far"],
            )
            goal = create(self.log, "Goal", title=GOAL, area="school")
            create(goal, "Activity", title="Bibliotekbesøk hver fredag")
            api.content.transition(obj=self.log, transition="start")
        IAnnotations(consent)[SIGNATURES] = PersistentList([
            PersistentMapping(
                user_id="mor", role="Guardian", at="2026-12-01T09:30:00+00:00"
            )
        ])
        self.uid = self.log.UID()

    def close(self):
        self.log.close_reason = "goals_reached"
        with api.env.adopt_user(username="holder"):
            api.content.transition(obj=self.log, transition="close")
        self.assertEqual(store.copies(self.uid), [])  # made when it commits
        actions.flush()  # what the commit does (integration tests never commit)


class TestCopies(ArchiveCase):
    def test_closing_stores_a_pdfa_copy_of_the_whole_log(self):
        self.close()
        [record] = store.copies(self.uid)
        self.assertEqual(record["event"], "closed")
        name = f"{self.log.getId()}-{record['copy_id']}.pdf"
        self.assertNotIn("Kari", name + record["copy_id"])
        pdf = store.pdf_of(self.uid, record["copy_id"])
        self.assertEqual(actions.store.as_copy(record).size, len(pdf))
        self.assertEqual(pdfa_identification(pdf), ("3", "B"))
        text = pdf_text(pdf)
        self.assertIn(GOAL, text)
        self.assertIn("Bibliotekbesøk hver fredag", text)
        self.assertRegex(text, r"BankID\s+mor\s+Foresatt")  # the signature record
        self.assertIn("Avslutt loggen", text)  # the history
        self.assertIn("Holder Hansen", text)
        self.assertIn("Stafettlogg, arkivkopi", text)
        # The document's own title (PDF metadata) has the random id only.
        self.assertIn(f"Stafettlogg {self.log.getId()}".encode(), zlib_streams(pdf))
        self.assertNotIn(
            CHILD_NAME.encode(), zlib_streams(pdf).split(b"<x:xmpmeta")[-1]
        )
        # A picture of the first page, to look at.
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    "1",
                    "-l",
                    "2",
                    handle.name,
                    str(SCREENSHOTS / "archive-copy"),
                ],
                check=True,
            )
        self.assertTrue(list(SCREENSHOTS.glob("archive-copy-*1.png")))

    def test_accepting_a_handover_stores_a_copy(self):
        handover.offer(self.log, "nurse", by_user="holder")
        self.assertEqual(store.copies(self.uid), [])
        handover.accept(self.log, "nurse")
        with mock.patch.object(render, "pdf", return_value=b"%PDF-1.7 x"):
            actions.flush()
        [record] = store.copies(self.uid)
        self.assertEqual(record["event"], "handover")

    def test_a_failed_rendering_keeps_the_action_and_is_retried(self):
        with (
            mock.patch.object(render, "pdf", side_effect=RuntimeError("Kari")),
            self.assertLogs("bti.portal.archive", "ERROR") as logged,
        ):
            self.close()
        self.assertEqual(api.content.get_state(self.log), "closed")
        self.assertNotIn("Kari", "".join(logged.output))
        self.assertEqual(store.copies(self.uid), [])
        self.assertEqual(store.pending(), {self.uid: ("closed",)})
        with mock.patch.object(render, "pdf", return_value=b"%PDF-1.7 x"):
            self.assertEqual(actions.retry_pending(), (1, 0))
        self.assertEqual(store.pending(), {})
        self.assertEqual(store.copies(self.uid)[0]["event"], "closed")

    def test_each_event_asks_for_one_copy_per_transaction(self):
        for item in self.log.objectValues():
            item.withdrawn = date.today()
        with mock.patch.object(render, "pdf", return_value=b"%PDF-1.7 x"):
            notify(LogTransferred(self.log))
            notify(LogTransferred(self.log))
            with api.env.adopt_user(username="holder"):
                api.content.transition(obj=self.log, transition="withdraw_consent")
            actions.flush()
        events = [record["event"] for record in store.copies(self.uid)]
        self.assertEqual(events, ["transfer", "passive"])

    def test_the_command_reads_what_follows_the_script(self):
        argv = ["zconsole", "run", "zope.conf", "scripts/archive.py", "export", "a"]
        self.assertEqual(command.script_arguments(argv), ["export", "a"])

    def test_noark5_export_of_a_period(self):
        with mock.patch.object(render, "pdf", return_value=b"%PDF-1.7 x"):
            self.close()
        today = date.today()
        with tempfile.TemporaryDirectory() as folder:
            [path] = export.export(today, today, Path(folder))
            self.assertEqual(path.name.split("-")[0], self.log.getId())
            data = path.read_bytes()
            self.assertEqual(noark5.problems(data), [])
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
            self.assertIn(noark5.CHECKSUMS, names)
            self.assertEqual(
                export.export(date(2020, 1, 1), date(2020, 6, 1), Path(folder)), []
            )


def zlib_streams(pdf: bytes) -> bytes:
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            found.append(zlib.decompress(match.group(1)))
        except zlib.error:
            found.append(match.group(1))
    return b"\n".join(found)
