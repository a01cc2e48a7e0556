"""The daily reminder digest for a fixed date: one neutral mail per person.

Mails go to a real SMTP server process on loopback (aiosmtpd) and are read back.
"""

from bti.portal.commands.daily_jobs import run_site_jobs
from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.relaylog.handover import rules as handover
from bti.portal.reminders import collect
from bti.portal.reminders.digest import HEADINGS
from bti.portal.reminders.digest import send_digests
from bti.portal.reminders.preferences import set_preferences
from bti.portal.testing import BTI_PORTAL_MAIL_TESTING
from bti.portal.testing import use_smtp_server
from datetime import date
from datetime import datetime
from datetime import timedelta
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import add_log
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.logs_fixture import CHILD_NAME
from tests.logs_fixture import give
from zope.annotation.interfaces import IAnnotations

import unittest


DAY = date(2027, 3, 15)  # the job runs "today" = this date
SIGNED = date(2026, 11, 1)  # consents signed before the logs were started
SECRETS = (
    CHILD_NAME,
    "Nordmann",
    "K.N.",
    "L.M.",
    "Øve på lesing i hemmelighet",
    "Sove godt om natten",
    "Gråter i garderoben",
    "Hemmelig agenda",
)


def days(n: int) -> date:
    return DAY + timedelta(days=n)


class DigestCase(unittest.TestCase):
    layer = BTI_PORTAL_MAIL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        use_smtp_server(self.portal, self.layer["smtp_port"])
        for user in ("holder", "nurse", "boss", "noter", "next"):
            add_user(user)
        self.unit = add_unit(
            self.portal,
            "Solsida barnehage",
            "kindergarten",
            leaders=["boss"],
            staff=["holder", "nurse", "noter", "next"],
        )
        self.log = self.active_log()
        give(self.log, "nurse", p.PARTICIPANT)
        with api.env.adopt_user(username="holder"):
            goal = create(self.log, "Goal", area="home", title="Sove godt om natten")
            self.due = self.activity(goal, "nurse", days(3))
            self.overdue = self.activity(goal, "holder", days(-2))
            self.activity(goal, "holder", days(10))  # not yet
            self.activity(goal, "nurse", days(-5), status="done")  # done: no reminder
            self.expiring = create(
                self.log,
                "Consent",
                kind="cooperation",
                signed=SIGNED,
                signed_by=["mor", "far"],
                services=["kindergarten"],
                valid_until=days(20),
            )
            self.expired = create(
                self.log,
                "Consent",
                kind="access",
                signed=SIGNED,
                signed_by=["mor", "far"],
                services=["school"],
                valid_until=days(-5),
            )
            self.meeting = create(
                self.log,
                "Meeting",
                start=datetime.combine(days(1), datetime.min.time()).replace(hour=10),
                place="Rom 1",
                agenda="Hemmelig agenda",
                invited=["nurse"],
            )
        # A draft log gives no reminders.
        draft = add_log(self.portal, self.unit, "holder", title="L.M.")
        with api.env.adopt_user(username="holder"):
            goal = create(draft, "Goal", area="home", title="Sove godt om natten")
            self.activity(goal, "holder", days(-1))
        self.concern_due = self.concern(noticed=days(2 - 28))  # deadline in 2 days
        self.concern_overdue = self.concern(noticed=days(-30))  # 2 days past
        decided = self.concern(noticed=days(-40))
        with api.env.adopt_user(username="boss"):
            from bti.portal.relaylog.concerns.decisions import decide

            decide(decided, "close", reason="Ingen grunn til bekymring")
        # Offers to hand over: one unanswered for 40 days, one for 10.
        self.old_offer_log = self.active_log()
        self.offer(self.old_offer_log, days(-40))
        self.new_offer_log = self.active_log()
        self.offer(self.new_offer_log, days(-10))
        self.layer["smtp"].clear()

    def active_log(self):
        log = add_log(self.portal, self.unit, "holder")
        with api.env.adopt_user(username="holder"):
            create(
                log, "Consent", kind="create", signed=SIGNED, signed_by=["mor", "far"]
            )
            api.content.transition(obj=log, transition="start")
        return log

    def activity(self, goal, responsible, deadline, status="planned"):
        return create(
            goal,
            "Activity",
            title="Øve på lesing i hemmelighet",
            responsible=responsible,
            deadline=deadline,
            status=status,
        )

    def concern(self, noticed):
        with api.env.adopt_user(username="noter"):
            return create(
                self.portal["logs"],
                "Concern",
                title="K.N.",
                unit=self.unit.UID(),
                noticed=noticed,
                what_noticed="Gråter i garderoben",
            )

    def offer(self, log, on: date):
        handover.offer(log, "next", by_user="holder")
        IAnnotations(log)[handover.KEY]["at"] = f"{on.isoformat()}T09:00:00+00:00"
        log.reindexObject(idxs=["bti_offer_to"])

    def inbox(self) -> dict:
        """{recipient: {kind: [url, ...]}} of the mails that arrived."""
        headings = {
            api.portal.translate(text, lang="nb"): kind
            for kind, text in HEADINGS.items()
        }
        found = {}
        for mail in self.layer["smtp"].messages:
            self.assertNotIn(mail["To"], found, "one mail per person")
            kinds, kind = {}, None
            for line in mail.get_content().splitlines():
                if line in headings:
                    kind = headings[line]
                elif line.startswith("- ") and kind:
                    kinds.setdefault(kind, []).append(line.rsplit(" ", 1)[-1])
            found[mail["To"]] = kinds
        return found


class TestDigest(DigestCase):
    def test_one_mail_per_person_with_their_items(self):
        self.assertEqual(send_digests(DAY), 4)
        inbox = self.inbox()
        self.assertEqual(
            set(inbox),
            {f"{u}@example.org" for u in ("holder", "nurse", "boss", "noter")},
        )
        self.assertEqual(
            inbox["nurse@example.org"], {"activity_due": [self.due.absolute_url()]}
        )
        self.assertEqual(
            inbox["holder@example.org"],
            {
                "activity_overdue": [self.overdue.absolute_url()],
                "meeting": [self.meeting.absolute_url()],
                "consent_expired": [self.expired.absolute_url()],
                "consent_expiring": [self.expiring.absolute_url()],
                "offer_expired": [self.old_offer_log.absolute_url()],
            },
        )
        concerns = {
            "concern_overdue": [self.concern_overdue.absolute_url()],
            "concern_due": [self.concern_due.absolute_url()],
        }
        self.assertEqual(inbox["noter@example.org"], concerns)
        # DAY is four weeks after the round day 15 February: the leader is
        # reminded of the round (weekly until it is closed).
        rounds = {"control_round_due": [f"{self.unit.absolute_url()}/@@control-rounds"]}
        self.assertEqual(inbox["boss@example.org"], {**concerns, **rounds})

    def test_dates_are_shown(self):
        send_digests(DAY)
        mails = {m["To"]: m.get_content() for m in self.layer["smtp"].messages}
        self.assertIn(
            f"- 18.03.2027: {self.due.absolute_url()}", mails["nurse@example.org"]
        )
        self.assertIn(
            f"- 16.03.2027 10:00: {self.meeting.absolute_url()}",
            mails["holder@example.org"],
        )
        self.assertIn(
            f"- 04.04.2027: {self.expiring.absolute_url()}", mails["holder@example.org"]
        )
        self.assertIn("/@@reminder-preferences", mails["nurse@example.org"])

    def test_nothing_sensitive_in_the_mails(self):
        send_digests(DAY)
        messages = self.layer["smtp"].messages
        self.assertTrue(messages)
        for mail in messages:
            text = mail.as_string()
            for secret in (*SECRETS, self.log.national_id, "Solsida"):
                self.assertNotIn(secret, text)

    def test_a_second_run_the_same_day_sends_nothing(self):
        self.assertEqual(send_digests(DAY), 4)
        self.layer["smtp"].clear()
        self.assertEqual(send_digests(DAY), 0)
        self.assertEqual(self.layer["smtp"].messages, [])
        # The next day is a new digest.
        self.assertEqual(send_digests(days(1)), 4)

    def test_a_kind_switched_off_is_left_out(self):
        set_preferences("holder", {"consents": False, "meetings": False})
        send_digests(DAY)
        self.assertEqual(
            set(self.inbox()["holder@example.org"]),
            {"activity_overdue", "offer_expired"},
        )

    def test_nothing_left_means_no_mail(self):
        set_preferences("nurse", {"activities": False})
        self.assertEqual(send_digests(DAY), 3)
        self.assertNotIn("nurse@example.org", self.inbox())

    def test_the_old_offer_is_withdrawn_and_the_new_one_kept(self):
        send_digests(DAY)
        self.assertIsNone(handover.current_offer(self.old_offer_log))
        self.assertEqual(handover.current_offer(self.new_offer_log)["to"], "next")
        catalog = api.portal.get_tool("portal_catalog")
        self.assertEqual(
            [b.UID for b in catalog.unrestrictedSearchResults(bti_offer_to="next")],
            [self.new_offer_log.UID()],
        )
        self.assertNotIn("next@example.org", self.inbox())

    def test_the_offer_is_withdrawn_even_when_offers_are_switched_off(self):
        set_preferences("holder", {"offers": False})
        send_digests(DAY)
        self.assertIsNone(handover.current_offer(self.old_offer_log))
        self.assertNotIn("offer_expired", self.inbox()["holder@example.org"])

    def test_a_renewed_consent_is_not_reminded(self):
        with api.env.adopt_user(username="holder"):
            create(
                self.log,
                "Consent",
                kind="access",
                signed=days(-6),
                signed_by=["mor", "far"],
                services=["school"],
            )
        send_digests(DAY)
        kinds = self.inbox()["holder@example.org"]
        self.assertNotIn("consent_expired", kinds)
        self.assertIn("consent_expiring", kinds)

    def test_keep_watching_keeps_the_concern_open(self):
        with api.env.adopt_user(username="boss"):
            from bti.portal.relaylog.concerns.decisions import decide

            decide(self.concern_overdue, "watch")
        self.concern_overdue.decided_on = days(-27)  # a new deadline in one day
        self.concern_overdue.reindexObject()
        items = collect.collect(DAY)["noter"]
        self.assertIn(
            collect.Item(
                collect.CONCERN_DUE, days(1), self.concern_overdue.absolute_url()
            ),
            items,
        )

    def test_the_daily_job_sends_the_digests(self):
        reports = run_site_jobs(self.layer["app"], DAY)
        self.assertEqual(reports["plone"].digests, 4)
        self.assertEqual(reports["plone"].revision_reminders, 0)


class TestCatalogOnly(DigestCase):
    def test_catalog_holds_no_name_or_text(self):
        catalog = api.portal.get_tool("portal_catalog")
        for obj in (self.due, self.expiring, self.log):
            brain = catalog.unrestrictedSearchResults(UID=obj.UID())[0]
            record = str(catalog.getMetadataForRID(brain.getRID()))
            indexes = str(catalog.getIndexDataForRID(brain.getRID()))
            for secret in (CHILD_NAME, self.log.national_id, "Gråter"):
                self.assertNotIn(secret, record)
                self.assertNotIn(secret, indexes)
        brain = catalog.unrestrictedSearchResults(UID=self.due.UID())[0]
        self.assertEqual(
            (brain.bti_responsible, brain.bti_activity_status), ("nurse", "planned")
        )
        brain = catalog.unrestrictedSearchResults(UID=self.old_offer_log.UID())[0]
        self.assertEqual(brain.bti_offer_sent, days(-40))
