"""The mail queue: where it lives, mail a stopped process left behind, and log
lines without addresses."""

from bti.portal import instance
from bti.portal import mailqueue
from bti.portal.mailqueue import subscribers
from bti.portal.mailqueue.sending import NeutralLog
from bti.portal.relaylog import mail
from bti.portal.testing import BTI_PORTAL_MAIL_FUNCTIONAL_TESTING
from bti.portal.testing import use_smtp_server
from email.message import EmailMessage
from pathlib import Path
from plone import api
from plone.registry import field
from plone.registry.record import Record
from unittest import mock
from zope.sendmail.delivery import QueuedMailDelivery

import email.policy
import os
import shutil
import smtplib
import tempfile
import transaction
import unittest


class TestWhere(unittest.TestCase):
    def test_environment_then_zope_conf_then_clienthome(self):
        config = mock.Mock(
            product_config={"bti.portal": {"mail-queue-dir": "/srv/q"}},
            clienthome="/srv/var",
        )
        with mock.patch.object(instance, "getConfiguration", return_value=config):
            with mock.patch.dict(os.environ, {mailqueue.ENV_DIR: "/run/q"}):
                self.assertEqual(mailqueue.queue_root(), Path("/run/q"))
            with mock.patch.dict(os.environ, {mailqueue.ENV_DIR: ""}):
                self.assertEqual(mailqueue.queue_root(), Path("/srv/q"))
                config.product_config = {}
                self.assertEqual(mailqueue.queue_root(), Path("/srv/var/mailqueue"))
                self.assertEqual(
                    mailqueue.queue_dir("../byn"), Path("/srv/var/mailqueue/___byn")
                )

    def test_interval(self):
        for value, expected in (("0.5", 0.5), ("0", 0.05), ("abc", 3.0)):
            with mock.patch.dict(os.environ, {mailqueue.ENV_INTERVAL: value}):
                self.assertEqual(mailqueue.interval(), expected)


class TestEnvelope(unittest.TestCase):
    def message(self, **headers):
        message = EmailMessage(policy=email.policy.SMTP)
        for name, value in headers.items():
            message[name] = value
        message.set_content("Noe nytt.")
        return message

    def test_recipients_bare_bcc_out_of_the_text_and_a_date(self):
        message = self.message(
            To="Mor Hansen <mor@example.org>",
            Cc="far@example.org",
            Bcc="kontor@example.org",
            From="BTI <bti@example.org>",
        )
        sender, recipients, text = mailqueue.envelope(message)
        self.assertEqual(sender, "bti@example.org")
        self.assertEqual(
            recipients, ["mor@example.org", "far@example.org", "kontor@example.org"]
        )
        self.assertNotIn(b"kontor@", text)
        self.assertIn(b"\r\nDate: ", text)
        self.assertIn(b"Mor Hansen <mor@example.org>", text)

    def test_a_date_given_is_kept(self):
        date = "Fri, 04 Dec 2026 10:00:00 +0100"
        message = self.message(To="mor@example.org", From="bti@x.org", Date=date)
        self.assertIn(date.encode(), mailqueue.envelope(message)[2])

    def test_no_recipient_or_no_sender_is_refused(self):
        with self.assertRaises(ValueError):
            mailqueue.envelope(self.message(From="bti@example.org"))
        with self.assertRaises(ValueError):
            mailqueue.envelope(self.message(To="mor@example.org"))


class TestNeutralLog(unittest.TestCase):
    def fail(self, log, error):
        try:
            raise error
        except Exception:
            log.exception("Error while sending mail from %s to %s (%s).", "a@x", "b@y")

    def test_lines_name_no_address_and_a_repeated_failure_once(self):
        log = NeutralLog(3.0)
        with self.assertLogs("bti.portal.mail", "WARNING") as logged:
            self.fail(log, ConnectionRefusedError("kari@example.org"))
            self.fail(log, ConnectionRefusedError("kari@example.org"))
            self.fail(log, smtplib.SMTPServerDisconnected("kari@example.org"))
            log.info("Mail from %s to %s sent.", "a@x", "b@y")
            self.fail(log, smtplib.SMTPServerDisconnected("x"))
            log.error("Discarding email from %s to %s", "a@x", "b@y")
        self.assertEqual(len(logged.output), 4)
        for line in logged.output:
            self.assertNotIn("@", line)
        self.assertIn("ConnectionRefusedError", logged.output[0])
        self.assertIn("refused for good", logged.output[3])


class TestQueueFolder(unittest.TestCase):
    """A queue folder of its own per test: made by the first mail; one that
    cannot be written; mail a stopped process left there is sent when a
    process starts (``resume``), not only with the site's next mail."""

    layer = BTI_PORTAL_MAIL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_smtp_server(self.portal, self.layer["smtp_port"])
        transaction.commit()
        self.inbox = self.layer["smtp"]
        self.inbox.clear()
        self.root = tempfile.mkdtemp(prefix="bti-mailqueue-resume-")
        queue = os.path.join(self.root, "queue")  # made by the first mail
        patcher = mock.patch.dict(os.environ, {mailqueue.ENV_DIR: queue})
        patcher.start()
        self.addCleanup(patcher.stop)
        self.addCleanup(shutil.rmtree, self.root, ignore_errors=True)

    def test_resume_sends_what_was_left(self):
        path = mailqueue.queue_dir(self.portal.getId())
        path.parent.mkdir(parents=True)
        message = mail.new_message("mor@example.org", "Hei", "Noe nytt i loggen.")
        QueuedMailDelivery(str(path)).send(
            "bti@example.org", ["mor@example.org"], message.as_bytes()
        )
        transaction.commit()  # written; no thread runs for this folder
        self.assertEqual(mailqueue.pending(self.portal.getId()), 1)
        self.assertFalse(mailqueue.running(path))
        self.addCleanup(mailqueue.stop, path)
        with self.assertLogs("bti.portal.mail", "INFO"):
            subscribers.resume(self.layer["app"], [self.portal.getId(), "gone"])
        self.assertTrue(mailqueue.running(path))
        self.assertEqual([m["To"] for m in self.inbox.messages], ["mor@example.org"])

    def test_a_missing_queue_folder_is_made(self):
        message = mail.new_message("mor@example.org", "Hei", "Noe nytt.")
        mail.queue([message], "Test mail")  # the root folder did not exist
        transaction.commit()
        self.assertEqual([m["To"] for m in self.inbox.messages], ["mor@example.org"])
        self.addCleanup(mailqueue.stop, mailqueue.queue_dir(self.portal.getId()))

    def test_a_sending_thread_that_cannot_start_costs_no_save(self):
        """The mail stays queued; the next start sends it."""
        message = mail.new_message("mor@example.org", "Hei", "Noe nytt.")
        path = mailqueue.queue_dir(self.portal.getId())
        self.addCleanup(mailqueue.stop, path)
        broken = mock.patch.object(mailqueue, "start", side_effect=RuntimeError)
        with broken, self.assertLogs("bti.portal.mail", "WARNING") as logged:
            mail.queue([message], "Test mail")  # raises nothing
        transaction.commit()
        self.assertIn("RuntimeError", logged.output[0])
        self.assertEqual(mailqueue.pending(self.portal.getId()), 1)
        mailqueue.start(path, api.portal.get_tool("MailHost"))
        self.assertEqual([m["To"] for m in self.inbox.messages], ["mor@example.org"])

    def test_a_queue_that_cannot_be_written_costs_the_mail_not_the_save(self):
        blocker = Path(self.root) / "a-file"
        blocker.write_text("not a folder")
        with mock.patch.dict(os.environ, {mailqueue.ENV_DIR: str(blocker / "q")}):
            message = mail.new_message("mor@example.org", "Hei", "Noe nytt.")
            with self.assertLogs("bti.portal.mail", "WARNING") as logged:
                mail.queue([message], "Test mail")  # raises nothing
            transaction.commit()
        self.assertIn("Test mail not queued: NotADirectoryError", logged.output[0])
        self.assertNotIn("@", logged.output[0])

    def test_any_registry_record_may_change(self):
        # Only the SMTP records concern the sending threads; a record without
        # a schema (no field name) is changed as before.
        registry = api.portal.get_tool("portal_registry")
        registry.records["bti.portal.test.plain"] = Record(field.TextLine(), "a")
        registry["bti.portal.test.plain"] = "b"
        api.portal.set_registry_record("plone.smtp_port", self.layer["smtp_port"])
        self.assertEqual(registry["bti.portal.test.plain"], "b")
        del registry.records["bti.portal.test.plain"]

    def test_no_sender_address_queues_nothing(self):
        api.portal.set_registry_record("plone.email_from_address", "")
        message = mail.new_message("mor@example.org", "Hei", "Noe nytt.")
        with self.assertLogs("bti.portal.mail", "WARNING"):
            mail.queue([message], "Test mail")
        transaction.commit()
        self.assertEqual(mailqueue.pending(self.portal.getId()), 0)
