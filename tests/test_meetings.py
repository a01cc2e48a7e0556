"""Meetings: invitations by e-mail with a calendar file (to a real SMTP server
process), minutes as a log message, my meetings from the catalog, the pages."""

from Acquisition import aq_base
from bti.portal.relaylog import create
from bti.portal.relaylog import mail
from bti.portal.relaylog.meetings import meetings
from bti.portal.testing import BTI_PORTAL_MAIL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_MAIL_TESTING
from bti.portal.testing import use_smtp_server
from bti.portal.testing import wait_until
from bti.portal.upgrades import v1026_minutes
from datetime import timedelta
from datetime import UTC
from icalendar import Calendar
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.protect.authenticator import createToken
from Products.CMFCore.indexing import processQueue
from tests.logs_fixture import CHILD_NAME
from tests.meetings_fixture import add_meeting
from tests.meetings_fixture import add_people
from tests.meetings_fixture import AGENDA
from tests.meetings_fixture import PLACE
from tests.meetings_fixture import setup_log
from unittest import mock
from zExceptions import Forbidden
from zoneinfo import ZoneInfo
from zope.component import getMultiAdapter

import transaction
import unittest


def calendar_of(message) -> Calendar:
    (attachment,) = [
        part
        for part in message.iter_attachments()
        if part.get_content_type() == "text/calendar"
    ]
    return Calendar.from_ical(attachment.get_content())


def whole_text(message) -> str:
    """Every header and part as the recipient's program sees them."""
    parts = [f"{key}: {value}" for key, value in message.items()]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
    return "\n".join(parts)


class MeetingCase(unittest.TestCase):
    layer = BTI_PORTAL_MAIL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        use_smtp_server(self.portal, self.layer["smtp_port"])
        add_people()
        self.log = setup_log(self.portal)
        self.inbox = self.layer["smtp"]
        self.inbox.clear()

    def tearDown(self):
        self.inbox.clear()

    def send(self, meeting, user_id="holder"):
        with api.env.adopt_user(username=user_id):
            return meetings.send_invitations(meeting)

    def secrets(self) -> tuple[str, ...]:
        return (
            self.log.Title(),
            CHILD_NAME,
            "Kari",
            self.log.national_id,
            AGENDA,
            "barnevern",
        )


class MailMeetingCase(MeetingCase):
    """Invitations go after the commit: these tests commit (functional layer)."""

    layer = BTI_PORTAL_MAIL_FUNCTIONAL_TESTING

    def setUp(self):
        super().setUp()
        transaction.commit()
        self.inbox.clear()

    def invite(self, meeting, user_id="holder"):
        """Send as ``user_id``, not committed."""
        with api.env.adopt_user(username=user_id):
            return meetings.send_invitations(meeting)

    def send(self, meeting, user_id="holder"):
        result = self.invite(meeting, user_id)
        transaction.commit()
        return result


class TestInvitations(MailMeetingCase):
    def test_each_invited_person_with_an_address_gets_one_mail(self):
        meeting = add_meeting(self.log)
        result = self.invite(meeting)
        self.assertEqual(self.inbox.messages, [])  # nothing before the commit
        transaction.commit()
        self.assertEqual(result["sent"], ["nurse", "mor"])
        self.assertEqual(result["no_email"], ["far"])
        self.assertEqual(result["failed"], [])
        received = sorted(m["To"] for m in self.inbox.messages)
        self.assertEqual(received, ["mor@example.org", "nurse@example.org"])

    def test_the_calendar_file_is_a_valid_request_for_the_meeting(self):
        meeting = add_meeting(self.log)
        self.send(meeting)
        for message in self.inbox.messages:
            calendar = calendar_of(message)
            self.assertEqual(calendar["method"], "REQUEST")
            (event,) = calendar.walk("VEVENT")
            host = mail.site_host()
            self.assertEqual(str(event["uid"]), f"{meeting.UID()}@{host}")
            expected = meeting.start.replace(tzinfo=ZoneInfo("Europe/Oslo"))
            self.assertEqual(event.decoded("dtstart"), expected)
            self.assertEqual(
                event.decoded("dtstart").utcoffset(), timedelta(0)
            )  # in UTC
            self.assertEqual(
                event.decoded("dtend") - event.decoded("dtstart"), timedelta(hours=1)
            )
            self.assertEqual(str(event["location"]), PLACE)
            self.assertEqual(str(event["url"]), meeting.absolute_url())
            self.assertEqual(str(event["organizer"]), "mailto:holder@example.org")
            # Only the addressee is an attendee: nobody gets the others' addresses.
            self.assertEqual(str(event["attendee"]), f"mailto:{message['To']}")
            self.assertEqual(event["sequence"], 0)

    def test_mail_and_calendar_say_when_and_where_but_not_who_or_what(self):
        meeting = add_meeting(self.log)
        self.send(meeting)
        (message,) = [m for m in self.inbox.messages if m["To"] == "mor@example.org"]
        text = whole_text(message)
        for secret in self.secrets():
            self.assertNotIn(secret, text)
        self.assertNotIn("nurse@example.org", text)
        body = message.get_body(("plain",)).get_content()
        self.assertIn(meeting.absolute_url(), body)
        self.assertIn(PLACE, body)
        self.assertIn(f"{meeting.start:%d.%m.%Y %H:%M}", body)

    def test_each_sending_is_recorded_and_raises_the_sequence(self):
        meeting = add_meeting(self.log)
        self.send(meeting)
        self.inbox.clear()
        self.send(meeting, "nurse")  # a participant may send too
        entries = meetings.invitations(meeting)
        self.assertEqual(
            [(e["user"], e["by"], e["outcome"]) for e in entries],
            [
                ("nurse", "holder", "sent"),
                ("mor", "holder", "sent"),
                ("far", "holder", "no_email"),
                ("nurse", "nurse", "sent"),
                ("mor", "nurse", "sent"),
                ("far", "nurse", "no_email"),
            ],
        )
        self.assertEqual(meetings.sequence(meeting), 2)
        for message in self.inbox.messages:
            (event,) = calendar_of(message).walk("VEVENT")
            self.assertEqual(event["sequence"], 1)
            self.assertEqual(str(event["organizer"]), "mailto:nurse@example.org")

    def test_someone_no_longer_on_the_log_gets_nothing(self):
        meeting = add_meeting(self.log, invited=("nurse", "outsider"))
        result = self.send(meeting)
        self.assertEqual(result["not_on_log"], ["outsider"])
        self.assertEqual([m["To"] for m in self.inbox.messages], ["nurse@example.org"])

    def test_only_holder_and_participants_send(self):
        meeting = add_meeting(self.log)
        for user_id in ("mor", "boss", "outsider"):
            with self.assertRaises(meetings.MeetingError) as raised:
                self.send(meeting, user_id)
            self.assertEqual(raised.exception.code, "invitations_not_allowed")
            self.assertTrue(raised.exception.forbidden)
        transaction.commit()
        self.assertEqual(self.inbox.messages, [])

    def test_nobody_invited_or_meeting_started_is_refused(self):
        for meeting, code in (
            (add_meeting(self.log, invited=()), "meeting_nobody_invited"),
            (add_meeting(self.log, days=-1), "meeting_already_held"),
        ):
            with self.assertRaises(meetings.MeetingError) as raised:
                self.send(meeting)
            self.assertEqual(raised.exception.code, code)
        transaction.commit()
        self.assertEqual(self.inbox.messages, [])

    def test_smtp_server_down_is_logged_neutrally_and_keeps_the_record(self):
        from bti.portal.testing import free_port

        api.portal.set_registry_record("plone.smtp_port", free_port())
        meeting = add_meeting(self.log)
        with self.assertLogs("bti.portal.mail", "WARNING") as logged:
            result = self.send(meeting)  # queued with the commit; sending fails
            wait_until(lambda: logged.output, what="failed sending logged")
        self.assertEqual(result["sent"], ["nurse", "mor"])
        for line in logged.output:
            self.assertNotIn("@", line)
            self.assertNotIn(self.log.Title(), line)
        self.assertEqual(
            [e["outcome"] for e in meetings.invitations(meeting)],
            ["sent", "sent", "no_email"],
        )
        self.assertEqual(self.inbox.delivered(), [])
        api.portal.set_registry_record("plone.smtp_port", self.layer["smtp_port"])
        transaction.commit()  # the server is back: the kept invitations go
        received = sorted(m["To"] for m in self.inbox.messages)
        self.assertEqual(received, ["mor@example.org", "nurse@example.org"])

    def test_no_sender_address_reports_failed(self):
        api.portal.set_registry_record("plone.email_from_address", "")
        meeting = add_meeting(self.log)
        result = self.send(meeting)
        self.assertEqual(result["failed"], ["nurse", "mor"])
        self.assertEqual(self.inbox.messages, [])

    def test_an_aborted_transaction_sends_no_invitation(self):
        meeting = add_meeting(self.log)
        transaction.commit()
        result = self.invite(meeting)
        self.assertEqual(result["sent"], ["nurse", "mor"])
        transaction.abort()
        self.assertEqual(self.inbox.messages, [])
        self.assertEqual(meetings.invitations(meeting), [])

    def test_a_request_retried_after_a_conflict_mails_each_person_once(self):
        meeting = add_meeting(self.log)
        transaction.commit()
        self.invite(meeting)
        transaction.abort()  # what the publisher does on ConflictError
        self.send(meeting)  # the retry, committed
        received = sorted(m["To"] for m in self.inbox.messages)
        self.assertEqual(received, ["mor@example.org", "nurse@example.org"])


class TestMinutes(MeetingCase):
    def test_minutes_become_a_log_message_linked_to_the_meeting(self):
        meeting = add_meeting(self.log, days=-1)
        with api.env.adopt_user(username="holder"):
            message = meetings.write_minutes(meeting, "  Vi ble enige om to tiltak.  ")
        self.assertEqual(message.portal_type, "LogMessage")
        self.assertIn(message.getId(), self.log.objectIds())
        self.assertEqual(message.kind, "minutes")
        self.assertEqual(message.text, "Vi ble enige om to tiltak.")
        self.assertEqual(message.meeting_uid, meeting.UID())
        self.assertEqual(message.Creator(), "holder")
        self.assertEqual(meetings.minutes_of(meeting), [message])

    def test_each_meeting_finds_its_own_minutes_through_the_catalog(self):
        """Oldest first, not another meeting's, not a message that only names
        the meeting; the log's other messages are not read one by one."""
        first, second = add_meeting(self.log, days=-2), add_meeting(self.log, days=-1)
        with api.env.adopt_user(username="holder"):
            early = meetings.write_minutes(first, "Tiltak avtalt.")
            other = meetings.write_minutes(second, "Ny plan.")
            late = meetings.write_minutes(first, "Tillegg: ny dato.")
            create(self.log, "LogMessage", text="Om møtet", meeting_uid=first.UID())
        processQueue()  # indexing the new items reads the log's goals
        with mock.patch.object(
            type(aq_base(self.log)),
            "objectValues",
            side_effect=AssertionError("woke all"),
        ):
            self.assertEqual(meetings.minutes_of(first), [early, late])
            self.assertEqual(meetings.minutes_of(second), [other])

    def test_upgrade_1026_indexes_the_minutes_there(self):
        held = add_meeting(self.log, days=-1)
        with api.env.adopt_user(username="holder"):
            minutes = meetings.write_minutes(held, "Referat fra møtet.")
        processQueue()  # indexed now, so only the upgrade can index it again
        catalog = api.portal.get_tool("portal_catalog")
        catalog.delIndex(v1026_minutes.INDEX)
        catalog.addIndex(v1026_minutes.INDEX, "FieldIndex")  # there, but empty
        self.assertEqual(meetings.minutes_of(held), [])
        v1026_minutes.upgrade(api.portal.get_tool("portal_setup"))
        self.assertEqual(meetings.minutes_of(held), [minutes])
        index = catalog._catalog.getIndex(v1026_minutes.INDEX)
        self.assertEqual(index.numObjects(), 1)

    def test_minutes_are_refused_before_the_meeting_without_text_or_for_the_family(
        self,
    ):
        upcoming, held = add_meeting(self.log), add_meeting(self.log, days=-1)
        for meeting, text, user_id, code in (
            (upcoming, "Referat", "holder", "meeting_not_held_yet"),
            (held, "   ", "holder", "minutes_text_missing"),
            (held, "x" * (meetings.MINUTES_MAX + 1), "holder", "minutes_too_long"),
            (held, "Referat", "mor", "minutes_not_allowed"),
            (held, "Referat", "outsider", "minutes_not_allowed"),
        ):
            with (
                api.env.adopt_user(username=user_id),
                self.assertRaises(meetings.MeetingError) as raised,
            ):
                meetings.write_minutes(meeting, text)
            self.assertEqual(raised.exception.code, code)
        self.assertEqual(meetings.minutes_of(held), [])


class TestMyMeetings(MeetingCase):
    def setUp(self):
        super().setUp()
        self.upcoming = add_meeting(self.log, days=7, invited=("nurse", "mor"))
        self.recent = add_meeting(self.log, days=-10, invited=("nurse",))
        self.old = add_meeting(self.log, days=-40, invited=("nurse", "mor"))
        self.nurses_own = add_meeting(self.log, days=3, invited=("holder",), by="nurse")

    def uids(self, user_id) -> list[str]:
        login(self.portal, user_id)
        try:
            return [brain.UID for brain in meetings.my_meetings()]
        finally:
            login(self.portal, TEST_USER_NAME)

    def test_lists_exactly_the_users_meetings_of_the_last_30_days_and_upcoming(self):
        self.assertEqual(
            self.uids("nurse"),
            [self.recent.UID(), self.nurses_own.UID(), self.upcoming.UID()],
        )
        self.assertEqual(self.uids("mor"), [self.upcoming.UID()])
        # Whoever called a meeting finds it too.
        self.assertEqual(
            self.uids("holder"),
            [self.recent.UID(), self.nurses_own.UID(), self.upcoming.UID()],
        )
        self.assertEqual(self.uids("far"), [])

    def test_someone_without_a_role_on_the_log_sees_none(self):
        # Invited by mistake, or removed from the log since: no View, not listed.
        add_meeting(self.log, invited=("outsider", "boss"))
        self.assertEqual(self.uids("outsider"), [])
        self.assertEqual(self.uids("boss"), [])

    def test_catalog_holds_ids_and_the_start_only(self):
        catalog = api.portal.get_tool("portal_catalog")
        (brain,) = catalog.unrestrictedSearchResults(UID=self.upcoming.UID())
        data = str(catalog.getMetadataForRID(brain.getRID())) + str(
            catalog.getIndexDataForRID(brain.getRID())
        )
        for secret in (PLACE, "Møterom", AGENDA, self.log.Title(), CHILD_NAME):
            self.assertNotIn(secret, data)
        self.assertEqual(
            brain.bti_start, self.upcoming.start.replace(tzinfo=ZoneInfo("Europe/Oslo"))
        )
        self.assertEqual(brain.bti_start.tzinfo, UTC)

    def render(self, user_id) -> str:
        login(self.portal, user_id)
        try:
            return self.portal["logs"].restrictedTraverse("@@my-meetings")()
        finally:
            login(self.portal, TEST_USER_NAME)

    def test_page_shows_date_place_and_link(self):
        html = self.render("nurse")
        self.assertIn(self.upcoming.absolute_url(), html)
        self.assertIn(self.recent.absolute_url(), html)
        self.assertNotIn(self.old.absolute_url(), html)
        self.assertIn(PLACE, html)
        self.assertIn('class="bti-meetings-upcoming', html)
        self.assertIn('class="bti-meetings-past', html)
        self.assertNotIn(AGENDA, html)

    def test_family_page_lists_their_meeting(self):
        html = self.render("mor")
        self.assertIn(self.upcoming.absolute_url(), html)
        self.assertNotIn(self.recent.absolute_url(), html)

    def test_page_empty_state(self):
        html = self.render("outsider")
        self.assertIn("bti-meetings-empty", html)
        self.assertNotIn("bti-my-meeting", html)


class TestMeetingView(MailMeetingCase):
    def view(self, meeting, user_id, **form):
        login(self.portal, user_id)
        self.addCleanup(login, self.portal, TEST_USER_NAME)
        self.request.form.clear()
        self.request.method = "POST" if form else "GET"
        self.request.form.update(form)
        return getMultiAdapter((meeting, self.request), name="meeting-view")

    def test_is_the_meetings_default_view(self):
        self.assertEqual(add_meeting(self.log).getLayout(), "meeting-view")

    def test_holder_sees_everything_and_the_send_button(self):
        meeting = add_meeting(self.log)
        html = self.view(meeting, "holder")()
        for text in (
            PLACE,
            AGENDA,
            "Nurse",
            "Mor",
            "Far",
            "bti-invite-form",
            "@@meeting.ics",
        ):
            self.assertIn(text, html)
        self.assertNotIn("bti-minutes-form", html)  # not held yet

    def test_family_reads_but_has_no_forms(self):
        meeting = add_meeting(self.log, days=-1)
        html = self.view(meeting, "mor")()
        self.assertIn(AGENDA, html)
        self.assertNotIn("bti-invite-form", html)
        self.assertNotIn("bti-minutes-form", html)

    def test_sending_needs_the_token(self):
        meeting = add_meeting(self.log)
        view = self.view(meeting, "holder", **{"form.buttons.invite": "1"})
        with self.assertRaises(Forbidden):
            view()
        transaction.commit()
        self.assertEqual(self.inbox.messages, [])

    def test_sending_from_the_page(self):
        meeting = add_meeting(self.log)
        login(self.portal, "holder")
        token = createToken()
        view = self.view(
            meeting, "holder", **{"form.buttons.invite": "1", "_authenticator": token}
        )
        view()
        self.assertEqual(self.request.response.getStatus(), 302)
        transaction.commit()
        self.assertEqual(len(self.inbox.messages), 2)
        html = self.view(meeting, "holder")()
        self.assertIn('data-outcome="sent"', html)
        self.assertIn('data-outcome="no_email"', html)
        self.assertIn('name="form.buttons.invite"', html)

    def test_minutes_from_the_page(self):
        meeting = add_meeting(self.log, days=-1)
        login(self.portal, "nurse")
        token = createToken()
        view = self.view(
            meeting,
            "nurse",
            **{
                "form.buttons.minutes": "1",
                "minutes": "Ny evaluering om seks uker.",
                "_authenticator": token,
            },
        )
        view()
        (message,) = meetings.minutes_of(meeting)
        self.assertEqual(message.Creator(), "nurse")
        html = self.view(meeting, "mor")()
        self.assertIn("Ny evaluering om seks uker.", html)
        self.assertIn(message.absolute_url(), html)

    def test_calendar_download(self):
        meeting = add_meeting(self.log)
        login(self.portal, "mor")
        self.addCleanup(login, self.portal, TEST_USER_NAME)
        body = meeting.restrictedTraverse("@@meeting.ics")()
        (event,) = Calendar.from_ical(body).walk("VEVENT")
        self.assertEqual(str(event["uid"]), f"{meeting.UID()}@{mail.site_host()}")
        self.assertNotIn("attendee", event)

    def test_outsider_cannot_open_the_meeting(self):
        from AccessControl import Unauthorized

        meeting = add_meeting(self.log)
        login(self.portal, "outsider")
        self.addCleanup(login, self.portal, TEST_USER_NAME)
        with self.assertRaises(Unauthorized):
            meeting.restrictedTraverse("@@meeting-view")
        logout()
