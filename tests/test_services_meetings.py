"""REST over real HTTP: @invitations, @minutes and @my-meetings, with mail to a
real SMTP server process; a message posted while the mail server is down."""

from bti.portal import mailqueue
from bti.portal.testing import free_port
from bti.portal.testing import use_smtp_server
from bti.portal.testing import use_temp_audit_dir
from datetime import datetime
from icalendar import Calendar
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import CHILD_NAME
from tests.meetings_fixture import add_meeting
from tests.meetings_fixture import add_people
from tests.meetings_fixture import AGENDA
from tests.meetings_fixture import MAIL_HTTP_TESTING
from tests.meetings_fixture import PLACE
from tests.meetings_fixture import setup_log
from zoneinfo import ZoneInfo

import requests
import transaction
import unittest


HIDDEN = (401, 403, 404)


class MeetingServiceCase(unittest.TestCase):
    layer = MAIL_HTTP_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        # Local password logins (these users) only work in demo mode.
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        use_smtp_server(self.portal, self.layer["smtp_port"])
        add_people()
        self.log = setup_log(self.portal)
        self.upcoming = add_meeting(self.log, days=7)
        self.held = add_meeting(self.log, days=-2, invited=("nurse",))
        transaction.commit()
        self.inbox = self.layer["smtp"]
        self.inbox.clear()

    def tearDown(self):
        self.inbox.clear()

    def call(self, method, url, user_id=None, **kwargs):
        kwargs.setdefault("headers", {"Accept": "application/json"})
        if user_id:
            kwargs["auth"] = (user_id, "secret-" + user_id)
        return requests.request(method, url, timeout=30, **kwargs)


class TestInvitationsService(MeetingServiceCase):
    def test_holder_sends_and_learns_who_got_it(self):
        url = f"{self.upcoming.absolute_url()}/@invitations"
        response = self.call("POST", url, "holder")
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()
        self.assertEqual([p["id"] for p in answer["sent"]], ["nurse", "mor"])
        self.assertEqual(answer["no_email"], [{"id": "far", "fullname": "Far"}])
        self.assertEqual(answer["failed"], [])
        self.assertEqual(answer["sequence"], 1)
        self.assertEqual(
            sorted(m["To"] for m in self.inbox.messages),
            ["mor@example.org", "nurse@example.org"],
        )
        for message in self.inbox.messages:
            (part,) = [
                p
                for p in message.iter_attachments()
                if p.get_content_type() == "text/calendar"
            ]
            calendar = Calendar.from_ical(part.get_content())
            self.assertEqual(calendar["method"], "REQUEST")
            for secret in (self.log.Title(), CHILD_NAME, AGENDA):
                self.assertNotIn(secret, message.as_string())

        listed = self.call("GET", url, "mor").json()
        self.assertEqual(
            [
                (e["user"]["id"], e["by"]["id"], e["outcome"])
                for e in listed["invitations"]
            ],
            [
                ("nurse", "holder", "sent"),
                ("mor", "holder", "sent"),
                ("far", "holder", "no_email"),
            ],
        )

    def test_family_may_not_send_and_outsiders_see_nothing(self):
        url = f"{self.upcoming.absolute_url()}/@invitations"
        response = self.call("POST", url, "mor")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["code"], "invitations_not_allowed")
        for user_id in ("outsider", "boss", None):
            self.assertIn(self.call("POST", url, user_id).status_code, HIDDEN)
            self.assertIn(self.call("GET", url, user_id).status_code, HIDDEN)
        self.assertEqual(self.inbox.messages, [])

    def test_a_held_meeting_is_refused_with_a_reason(self):
        response = self.call(
            "POST", f"{self.held.absolute_url()}/@invitations", "holder"
        )
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["code"], "meeting_already_held")
        self.assertTrue(error["message"])


class TestMinutesService(MeetingServiceCase):
    def test_minutes_become_a_message_of_the_log_and_notify_neutrally(self):
        url = f"{self.held.absolute_url()}/@minutes"
        text = "Kari sover bedre. Ny evaluering om seks uker."
        response = self.call("POST", url, "holder", json={"text": text})
        self.assertEqual(response.status_code, 201, response.text)
        answer = response.json()
        self.assertEqual(response.headers["Location"], answer["@id"])
        self.assertEqual(answer["kind"], "minutes")
        self.assertEqual(answer["meeting_uid"], self.held.UID())

        message = self.call("GET", answer["@id"], "mor").json()
        self.assertEqual(message["@type"], "LogMessage")
        self.assertEqual(message["text"], text)
        self.assertEqual(message["meeting_uid"], self.held.UID())
        self.assertEqual(message["parent"]["@id"], self.log.absolute_url())

        self.assertEqual(
            sorted(m["To"] for m in self.inbox.messages),
            ["mor@example.org", "nurse@example.org"],
        )
        for mail in self.inbox.messages:
            self.assertNotIn("Kari", mail.as_string())

    def test_bad_input_gets_a_clear_error(self):
        url = f"{self.held.absolute_url()}/@minutes"
        for user_id, body, status, code in (
            ("holder", {"text": "  "}, 400, "minutes_text_missing"),
            ("holder", {"tekst": "Referat"}, 400, "minutes_text_missing"),
            ("holder", ["Referat"], 400, "body_not_json"),
            ("mor", {"text": "Referat"}, 403, "minutes_not_allowed"),
        ):
            response = self.call("POST", url, user_id, json=body)
            self.assertEqual(response.status_code, status, response.text)
            self.assertEqual(response.json()["error"]["code"], code)
        response = self.call(
            "POST",
            f"{self.upcoming.absolute_url()}/@minutes",
            "holder",
            json={"text": "Referat"},
        )
        self.assertEqual(response.json()["error"]["code"], "meeting_not_held_yet")


class TestMyMeetingsService(MeetingServiceCase):
    def ids(self, url, user_id) -> list[str]:
        response = self.call("GET", url, user_id)
        self.assertEqual(response.status_code, 200, response.text)
        return [item["UID"] for item in response.json()["items"]]

    def test_lists_the_users_meetings_in_the_log_folder_and_the_site(self):
        for base in (self.portal["logs"].absolute_url(), self.portal.absolute_url()):
            url = f"{base}/@my-meetings"
            self.assertEqual(
                self.ids(url, "nurse"), [self.held.UID(), self.upcoming.UID()]
            )
            self.assertEqual(self.ids(url, "mor"), [self.upcoming.UID()])
            self.assertEqual(self.ids(url, "outsider"), [])
            self.assertEqual(self.ids(url, "boss"), [])
        item = self.call("GET", url, "mor").json()["items"][0]
        self.assertEqual(item["place"], PLACE)
        self.assertEqual(item["@id"], self.upcoming.absolute_url())
        self.assertEqual(item["log"]["@id"], self.log.absolute_url())
        expected = self.upcoming.start.replace(tzinfo=ZoneInfo("Europe/Oslo"))
        self.assertEqual(datetime.fromisoformat(item["start"]), expected)

    def test_anonymous_must_log_in(self):
        response = self.call("GET", f"{self.portal.absolute_url()}/@my-meetings")
        self.assertEqual(response.status_code, 401)


class TestMessageWhileMailIsDown(MeetingServiceCase):
    def test_the_message_is_saved(self):
        api.portal.set_registry_record("plone.smtp_port", free_port())
        transaction.commit()
        response = self.call(
            "POST",
            self.log.absolute_url(),
            "mor",
            json={
                "@type": "LogMessage",
                "kind": "message",
                "text": "Hei, kan vi møtes?",
            },
        )
        self.assertEqual(response.status_code, 201, response.text)
        read = self.call("GET", response.json()["@id"], "holder")
        self.assertEqual(read.status_code, 200)
        self.assertEqual(read.json()["text"], "Hei, kan vi møtes?")
        self.assertEqual(self.inbox.delivered(), [])
        self.assertEqual(mailqueue.pending(self.portal.getId()), 2)  # kept
        api.portal.set_registry_record("plone.smtp_port", self.layer["smtp_port"])
        transaction.commit()
        self.assertEqual(
            sorted(m["To"] for m in self.inbox.messages),
            ["holder@example.org", "nurse@example.org"],
        )
