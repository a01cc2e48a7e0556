"""A new message notifies everyone else on the log by e-mail: a neutral text and
a link, queued with the commit and sent by the process's mail thread to a real
SMTP server process. A mail server that is down or hung never costs the
message nor holds the request; its mail goes out when it is back."""

from bti.portal import _
from bti.portal import mailqueue
from bti.portal.relaylog import create
from bti.portal.relaylog.meetings import meetings
from bti.portal.relaylog.workflow import notifications
from bti.portal.testing import BTI_PORTAL_MAIL_FUNCTIONAL_TESTING
from bti.portal.testing import free_port
from bti.portal.testing import use_smtp_server
from bti.portal.testing import wait_until
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import add_log
from tests.logs_fixture import CHILD_NAME
from tests.logs_fixture import give
from tests.meetings_fixture import add_meeting
from tests.meetings_fixture import add_people
from tests.meetings_fixture import setup_log

import socket
import transaction
import unittest


TEXT = "Kari har sovet dårlig hele uka, og vi er bekymret."


class TestMessageNotifications(unittest.TestCase):
    layer = BTI_PORTAL_MAIL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        use_smtp_server(self.portal, self.layer["smtp_port"])
        add_people()
        self.log = setup_log(self.portal)
        transaction.commit()
        self.inbox = self.layer["smtp"]
        self.inbox.clear()

    def tearDown(self):
        self.inbox.clear()

    def post(self, user_id="mor", kind="message", text=TEXT, log=None):
        with api.env.adopt_user(username=user_id):
            message = create(log or self.log, "LogMessage", kind=kind, text=text)
        return message

    def addresses(self) -> list[str]:
        return sorted(message["To"] for message in self.inbox.messages)

    def test_everyone_else_on_the_log_gets_a_neutral_mail_after_the_commit(self):
        self.post("mor")
        self.assertEqual(self.inbox.messages, [])  # nothing before the commit
        transaction.commit()
        # far has no e-mail address; boss (unit leader) and outsider have no role.
        self.assertEqual(self.addresses(), ["holder@example.org", "nurse@example.org"])
        for message in self.inbox.messages:
            body = message.get_body(("plain",)).get_content()
            whole = "\n".join([*(f"{k}: {v}" for k, v in message.items()), body])
            for secret in (
                self.log.Title(),
                CHILD_NAME,
                "Kari",
                TEXT[:20],
                self.log.national_id,
            ):
                self.assertNotIn(secret, whole)
            self.assertIn(self.log.absolute_url(), body)
            self.assertEqual(
                message["Subject"],
                api.portal.translate(
                    _("message_mail_subject", default="New message in a relay log"),
                    lang="nb",
                ),
            )

    def test_mails_have_smtp_line_endings(self):
        # MailHost sends a message object's bytes as they are: bare newlines
        # would be refused by the server once a line runs past its limit.
        (mail,) = notifications.notification_mails(self.log, {"holder", "nurse"})
        self.assertEqual(mail["To"], "mor@example.org")
        self.assertNotIn(b"\n", mail.as_bytes().replace(b"\r\n", b""))

    def test_the_author_gets_none(self):
        self.post("holder")
        transaction.commit()
        self.assertEqual(self.addresses(), ["mor@example.org", "nurse@example.org"])

    def test_nothing_when_the_message_is_not_saved(self):
        self.post("mor")
        transaction.abort()
        self.assertEqual(self.inbox.messages, [])

    def test_minutes_notify_the_same_neutral_way(self):
        meeting = add_meeting(self.log, days=-1)
        transaction.commit()
        with api.env.adopt_user(username="nurse"):
            meetings.write_minutes(meeting, "Vi ble enige om to tiltak for Kari.")
        transaction.commit()
        self.assertEqual(self.addresses(), ["holder@example.org", "mor@example.org"])
        for message in self.inbox.messages:
            self.assertNotIn("Kari", message.get_body(("plain",)).get_content())

    def test_a_log_that_is_not_active_notifies_nobody(self):
        draft = add_log(self.portal, self.unit(), "holder")
        give(draft, "nurse", "Participant")  # not possible through the UI in draft
        transaction.commit()
        self.post("holder", log=draft)
        transaction.commit()
        self.assertEqual(self.inbox.messages, [])

    def unit(self):
        catalog = api.portal.get_tool("portal_catalog")
        (brain,) = catalog.unrestrictedSearchResults(portal_type="Unit")
        return brain.getObject()

    def test_paused_sends_nothing(self):
        with notifications.paused():
            self.post("mor")
        transaction.commit()
        self.assertEqual(self.inbox.messages, [])
        self.post("mor")
        transaction.commit()
        self.assertEqual(len(self.inbox.messages), 2)

    def test_smtp_server_down_keeps_the_message_and_the_mail_goes_later(self):
        api.portal.set_registry_record("plone.smtp_port", free_port())
        transaction.commit()
        with self.assertLogs("bti.portal.mail", "WARNING") as logged:
            message_id = self.post("mor").getId()
            transaction.commit()  # must not raise
            wait_until(lambda: logged.output, what="failed sending logged")
        for line in logged.output:
            for secret in ("@", "holder", "nurse", self.log.Title(), TEXT[:10]):
                self.assertNotIn(secret, line)
        transaction.begin()
        self.assertIn(message_id, self.log.objectIds())
        self.assertEqual(self.log[message_id].text, TEXT)
        self.assertEqual(mailqueue.pending(self.portal.getId()), 2)  # kept
        self.assertEqual(self.inbox.delivered(), [])
        # The server's settings are put right: the kept mails go out.
        api.portal.set_registry_record("plone.smtp_port", self.layer["smtp_port"])
        transaction.commit()
        self.assertEqual(self.addresses(), ["holder@example.org", "nurse@example.org"])

    def test_a_hung_smtp_server_holds_no_request(self):
        # A server that takes the connection and never answers: the commit
        # only writes the mails into the queue; the sending thread waits.
        with socket.create_server(("127.0.0.1", 0)) as hung:
            hung.settimeout(15)
            api.portal.set_registry_record("plone.smtp_port", hung.getsockname()[1])
            transaction.commit()
            self.post("mor")
            transaction.commit()
            self.assertEqual(mailqueue.pending(self.portal.getId()), 2)
            connection, _address = hung.accept()  # the thread is waiting there
            self.assertEqual(mailqueue.pending(self.portal.getId()), 2)
            connection.close()
        self.assertEqual(self.inbox.delivered(), [])
        api.portal.set_registry_record("plone.smtp_port", self.layer["smtp_port"])
        transaction.commit()
        self.assertEqual(self.addresses(), ["holder@example.org", "nurse@example.org"])
