"""Routines: control by named controllers, approval, versions, working copy,
revision flag and the daily reminder mail."""

from bti.portal.routines.revision import send_revision_reminders
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import BTI_PORTAL_MAIL_TESTING
from bti.portal.testing import use_smtp_server
from datetime import date
from plone import api
from plone.app.iterate.interfaces import ICheckinCheckoutPolicy
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from zExceptions import Forbidden

import requests
import transaction
import unittest


def add_people(portal):
    for userid, roles in (
        ("kari", ["Member"]),
        ("ola", ["Member"]),
        ("rita", ["Reviewer", "Contributor"]),
        ("eva", ["Editor", "Contributor"]),
    ):
        api.user.create(
            email=f"{userid}@example.org",
            username=userid,
            password="secret-pw-1",
            roles=roles,
        )


class RoutineTestCase(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        add_people(self.portal)
        self.routine = api.content.create(
            self.portal,
            "Routine",
            title="Rutine for Stafettlogg",
            document_number="BTI-R-01",
            controllers=["kari", "ola"],
            revision_owner="eva",
        )

    def as_user(self, userid):
        login(self.portal, userid)

    def transition(self, name, userid):
        self.as_user(userid)
        api.content.transition(self.routine, name)
        login(self.portal, TEST_USER_NAME)

    def control_by(self, userid):
        self.as_user(userid)
        from bti.portal.routines.cycle import approve_as_controller

        approve_as_controller(self.routine)
        login(self.portal, TEST_USER_NAME)

    def through_control(self):
        self.transition("send_to_control", "eva")
        self.control_by("kari")
        self.control_by("ola")
        self.transition("approve", "rita")


class TestRoutineWorkflow(RoutineTestCase):
    def test_starts_as_draft(self):
        self.assertEqual(api.content.get_state(self.routine), "draft")

    def test_approve_needs_every_controller(self):
        self.transition("send_to_control", "eva")
        self.control_by("kari")
        self.as_user("rita")
        with self.assertRaises(api.exc.InvalidParameterError):
            api.content.transition(self.routine, "approve")
        login(self.portal, TEST_USER_NAME)
        self.control_by("ola")
        self.transition("approve", "rita")
        self.assertEqual(api.content.get_state(self.routine), "approved")

    def test_controllers_can_read_the_draft_in_control(self):
        self.transition("send_to_control", "eva")
        self.as_user("kari")
        self.assertTrue(api.user.has_permission("View", obj=self.routine))

    def test_only_named_controllers_approve(self):
        self.transition("send_to_control", "eva")
        self.as_user("rita")
        from bti.portal.routines.cycle import approve_as_controller

        with self.assertRaises(Forbidden):
            approve_as_controller(self.routine)

    def test_each_approval_raises_the_version(self):
        self.through_control()
        self.assertEqual(self.routine.version, 1)
        self.assertEqual(self.routine.approved_by, "rita")
        self.assertEqual(self.routine.approved_date, date.today())
        self.transition("publish", "rita")
        self.assertEqual(api.content.get_state(self.routine), "published")

    def test_nobody_edits_during_control(self):
        self.transition("send_to_control", "eva")
        self.as_user("eva")
        self.assertFalse(
            api.user.has_permission("Modify portal content", obj=self.routine)
        )

    def test_published_routine_changes_through_a_working_copy(self):
        self.through_control()
        self.transition("publish", "rita")
        self.as_user("eva")
        working_copy = ICheckinCheckoutPolicy(self.routine).checkout(self.portal)
        self.assertEqual(api.content.get_state(working_copy), "draft")
        self.assertEqual(api.content.get_state(self.routine), "published")
        working_copy.title = "Rutine for Stafettlogg, ny versjon"
        login(self.portal, TEST_USER_NAME)
        # The copy goes through the same control and approval.
        self.routine, baseline = working_copy, self.routine
        self.through_control()
        self.assertEqual(working_copy.version, 2)
        self.assertFalse(
            working_copy.restrictedTraverse("@@routine-status").may_publish()
        )
        self.as_user("rita")
        ICheckinCheckoutPolicy(working_copy).checkin("Ny versjon godkjent")
        self.assertEqual(baseline.version, 2)
        self.assertEqual(baseline.title, "Rutine for Stafettlogg, ny versjon")
        self.assertEqual(api.content.get_state(baseline), "published")


class TestRevision(RoutineTestCase):
    def test_due_flag_and_overview(self):
        self.routine.next_revision = date(2020, 1, 1)
        self.routine.reindexObject()
        self.assertTrue(
            self.routine.restrictedTraverse("@@routine-status").revision_due()
        )
        html = self.portal.restrictedTraverse("@@routines-due")()
        self.assertIn("Rutine for Stafettlogg", html)

    def test_editors_find_the_overview_in_their_menu(self):
        actions = api.portal.get_tool("portal_actions").listFilteredActionsFor(
            self.portal
        )
        self.assertIn("bti-routines-due", [a["id"] for a in actions["user"]])
        login(self.portal, "kari")  # a member who edits nothing
        actions = api.portal.get_tool("portal_actions").listFilteredActionsFor(
            self.portal
        )
        self.assertNotIn("bti-routines-due", [a["id"] for a in actions["user"]])
        login(self.portal, TEST_USER_NAME)

    def test_not_due_is_not_listed(self):
        self.routine.next_revision = date(2999, 1, 1)
        self.routine.reindexObject()
        html = self.portal.restrictedTraverse("@@routines-due")()
        self.assertIn("Ingen rutiner må revideres nå.", html)


class TestRevisionReminderMail(unittest.TestCase):
    layer = BTI_PORTAL_MAIL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        add_people(self.portal)
        use_smtp_server(self.portal, self.layer["smtp_port"])
        self.layer["smtp"].clear()
        for title, due, owner in (
            ("Rutine A", date(2026, 9, 1), "eva"),
            ("Rutine B", date(2026, 10, 1), "eva"),
            ("Rutine C", date(2027, 6, 1), "eva"),
            ("Rutine D", date(2026, 5, 1), "kari"),
        ):
            api.content.create(
                self.portal,
                "Routine",
                title=title,
                document_number=title,
                next_revision=due,
                revision_owner=owner,
            )

    def test_one_digest_per_owner_for_a_fixed_date(self):
        sent = send_revision_reminders(date(2026, 11, 23))
        self.assertEqual(sent, 2)
        inbox = {m["To"]: m for m in self.layer["smtp"].messages}
        self.assertEqual(set(inbox), {"eva@example.org", "kari@example.org"})
        body = inbox["eva@example.org"].get_content()
        self.assertIn("Rutine A", body)
        self.assertIn("Rutine B", body)
        self.assertNotIn("Rutine C", body)  # not due yet on that date
        self.assertEqual(
            inbox["eva@example.org"]["Subject"], "Rutiner som må revideres"
        )

    def test_daily_job_runs_for_every_site(self):
        from bti.portal.commands.daily_jobs import run_daily_jobs

        sent = run_daily_jobs(self.layer["app"], date(2026, 11, 23))
        self.assertEqual(sent["plone"], 2)

    def test_nothing_due_sends_nothing(self):
        self.assertEqual(send_revision_reminders(date(2026, 1, 1)), 0)
        self.assertEqual(self.layer["smtp"].messages, [])


class TestRoutineControlRestAPI(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        # Local password logins (these users) only work in demo mode.
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        add_people(self.portal)
        routine = api.content.create(
            self.portal,
            "Routine",
            title="Rutine",
            document_number="R-9",
            controllers=["kari"],
        )
        api.content.transition(routine, "send_to_control")
        transaction.commit()
        self.url = routine.absolute_url() + "/@routine-control"

    def post_as(self, userid):
        return requests.post(
            self.url,
            headers={"Accept": "application/json"},
            auth=(userid, "secret-pw-1"),
            timeout=60,
        )

    def test_controller_approves(self):
        response = self.post_as("kari")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertTrue(response.json()["all_controlled"])
        stored = requests.get(
            self.url,
            headers={"Accept": "application/json"},
            auth=("kari", "secret-pw-1"),
            timeout=60,
        )
        self.assertIn("kari", stored.json()["approvals"])

    def test_someone_else_is_refused(self):
        # ola may not even see the routine in control.
        self.assertIn(self.post_as("ola").status_code, (401, 403, 404))

    def test_workflow_over_rest(self):
        self.post_as("kari")
        response = requests.post(
            self.url.replace("@routine-control", "@workflow/approve"),
            headers={"Accept": "application/json"},
            auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            timeout=60,
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["review_state"], "approved")
