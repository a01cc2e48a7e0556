"""The whole routine cycle: four eyes on every version, the revision of a
published routine in a working copy checked in once approved, the history of
approved versions, fields only the workflow writes, and the states in nb/nn."""

from bti.portal.routines import cycle
from bti.portal.routines.revision import due_routines
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import DEMO_SITES_INTEGRATION_TESTING
from bti.portal.upgrades import v1004_routines
from datetime import date
from plone import api
from plone.app.iterate.interfaces import CheckinException
from plone.app.iterate.interfaces import ICheckinCheckoutPolicy
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.locking.interfaces import ILockable
from zExceptions import Forbidden
from zope.annotation.interfaces import IAnnotations
from zope.component.hooks import site as site_hook
from zope.event import notify
from zope.i18n import translate
from zope.i18nmessageid import MessageFactory
from zope.lifecycleevent import ObjectModifiedEvent

import requests
import transaction
import unittest


PASSWORD = "secret-pw-1"
EDITOR_ROLES = ["Editor", "Contributor", "Reviewer"]
_plone = MessageFactory("plone")


def add_people():
    # rita and gunn edit and review; kari and ola are the named controllers,
    # staff (a Member only would be family: no CMS screens at all).
    for userid, roles in (
        ("rita", EDITOR_ROLES),
        ("gunn", EDITOR_ROLES),
        ("kari", ["Member", "Staff"]),
        ("ola", ["Member", "Staff"]),
        ("per", ["Member", "Reviewer"]),
    ):
        api.user.create(
            email=f"{userid}@example.org",
            username=userid,
            password=PASSWORD,
            roles=roles,
            properties={"fullname": userid.capitalize() + " Testesen"},
        )


class CycleTestCase(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        add_people()
        self.folder = api.content.create(self.portal, "Folder", title="Rutiner")
        api.content.transition(self.folder, "publish")
        login(self.portal, "rita")
        self.routine = api.content.create(
            self.folder,
            "Routine",
            title="Rutine for samarbeid",
            document_number="R-7",
            controllers=["kari", "ola"],
            next_revision=date(2020, 1, 1),
            revision_owner="rita",
        )

    def as_user(self, userid, obj, transition):
        login(self.portal, userid)
        api.content.transition(obj, transition)

    def transitions(self, userid, obj) -> list[str]:
        login(self.portal, userid)
        workflow = api.portal.get_tool("portal_workflow")
        return [t["id"] for t in workflow.getTransitionsFor(obj)]

    def control(self, obj, *userids):
        for userid in userids:
            login(self.portal, userid)
            cycle.approve_as_controller(obj)

    def through_control(self, obj, author="rita"):
        self.as_user(author, obj, "send_to_control")
        self.control(obj, "kari", "ola")

    def published(self):
        self.through_control(self.routine)
        self.as_user("gunn", self.routine, "approve")
        self.as_user("gunn", self.routine, "publish")


class TestFourEyes(CycleTestCase):
    def test_the_author_is_recorded(self):
        self.assertEqual(cycle.authors(self.routine), ["rita"])
        self.assertEqual(self.routine.changed_by, "rita")

    def test_the_author_cannot_approve_but_a_colleague_can(self):
        self.through_control(self.routine)
        self.assertNotIn("approve", self.transitions("rita", self.routine))
        self.assertIn("approve", self.transitions("gunn", self.routine))
        self.as_user("gunn", self.routine, "approve")
        self.assertEqual(api.content.get_state(self.routine), "approved")
        self.assertEqual(self.routine.version, 1)
        self.assertEqual(self.routine.approved_by, "gunn")
        self.assertEqual(self.routine.approved_date, date.today())

    def test_whoever_edits_is_an_author(self):
        login(self.portal, "gunn")
        self.routine.title = "Rutine for samarbeid, rettet"
        notify(ObjectModifiedEvent(self.routine))
        self.assertEqual(cycle.authors(self.routine), ["rita", "gunn"])
        self.through_control(self.routine)
        self.assertNotIn("approve", self.transitions("gunn", self.routine))

    def test_a_controller_cannot_approve(self):
        self.routine.controllers = ["kari", "per"]
        self.through_control_by(["kari", "per"])
        self.assertNotIn("approve", self.transitions("per", self.routine))
        login(self.portal, "per")
        self.assertIn(
            "kontrollert denne versjonen",
            api.portal.translate(cycle.approval_refusal(self.routine, "per")),
        )

    def through_control_by(self, controllers):
        self.as_user("rita", self.routine, "send_to_control")
        self.control(self.routine, *controllers)

    def test_not_before_every_controller_confirmed(self):
        self.as_user("rita", self.routine, "send_to_control")
        self.control(self.routine, "kari")
        self.assertNotIn("approve", self.transitions("gunn", self.routine))

    def test_an_author_cannot_be_a_controller(self):
        self.routine.controllers = ["kari", "rita"]
        self.assertNotIn("send_to_control", self.transitions("rita", self.routine))
        html = self.routine.restrictedTraverse("@@routine-view")()
        self.assertIn("Rita Testesen har skrevet denne versjonen", html)

    def test_no_controllers_no_control(self):
        self.routine.controllers = []
        self.assertNotIn("send_to_control", self.transitions("rita", self.routine))

    def test_others_cannot_confirm_for_a_controller(self):
        self.as_user("rita", self.routine, "send_to_control")
        login(self.portal, "gunn")
        with self.assertRaises(Forbidden):
            cycle.approve_as_controller(self.routine)
        self.control(self.routine, "kari")
        login(self.portal, "kari")
        with self.assertRaises(Forbidden):
            cycle.approve_as_controller(self.routine)  # once is enough

    def test_sent_back_after_approval_undoes_it(self):
        self.published()
        self.assertEqual(self.routine.version, 1)
        self.as_user("gunn", self.routine, "retract")
        self.through_control(self.routine)
        self.as_user("gunn", self.routine, "approve")
        self.assertEqual(self.routine.version, 2)
        self.as_user("gunn", self.routine, "reject")
        self.assertEqual(self.routine.version, 1)
        self.assertEqual(self.routine.approved_by, "gunn")
        self.assertEqual([e["version"] for e in cycle.history(self.routine)], [1])


class TestRevisionInAWorkingCopy(CycleTestCase):
    def setUp(self):
        super().setUp()
        self.published()
        login(self.portal, "gunn")
        self.copy = ICheckinCheckoutPolicy(self.routine).checkout(self.folder)

    def control_view(self, obj, userid):
        login(self.portal, userid)
        return obj.restrictedTraverse("@@iterate_control")

    def test_the_copy_is_a_new_version_by_whoever_checked_it_out(self):
        self.assertEqual(api.content.get_state(self.copy), "draft")
        self.assertEqual(cycle.authors(self.copy), ["gunn"])
        self.assertEqual(cycle.authors(self.routine), ["rita"])
        self.assertEqual(self.copy.version, 1)

    def test_the_published_routine_stays_readable(self):
        self.assertEqual(api.content.get_state(self.routine), "published")
        logout()
        self.assertTrue(api.user.has_permission("View", obj=self.routine))
        self.assertFalse(api.user.has_permission("View", obj=self.copy))

    def test_check_in_only_when_approved(self):
        self.assertFalse(self.control_view(self.copy, "gunn").checkin_allowed())
        self.through_control(self.copy, author="gunn")
        self.assertFalse(self.control_view(self.copy, "rita").checkin_allowed())
        # gunn wrote the copy: rita approves it this time.
        self.assertNotIn("approve", self.transitions("gunn", self.copy))
        self.as_user("rita", self.copy, "approve")
        self.assertEqual(self.copy.version, 2)
        self.assertNotIn("publish", self.transitions("rita", self.copy))
        self.assertTrue(self.control_view(self.copy, "rita").checkin_allowed())
        # Not for an editor without the approver's role.
        self.assertFalse(self.control_view(self.copy, "kari").checkin_allowed())

    def test_check_in_through_the_form(self):
        self.copy.title = "Rutine for samarbeid, versjon 2"
        self.through_control(self.copy, author="gunn")
        self.as_user("rita", self.copy, "approve")
        copy_id = self.copy.getId()
        self.request.form.update({"form.button.Checkin": "1", "checkin_message": ""})
        self.copy.restrictedTraverse("@@content-checkin")()
        self.assertNotIn(copy_id, self.folder)
        self.assertEqual(self.routine.title, "Rutine for samarbeid, versjon 2")
        self.assertEqual(api.content.get_state(self.routine), "published")
        self.assertEqual(self.routine.version, 2)
        self.assertEqual(self.routine.approved_by, "rita")
        self.assertEqual(self.routine.approved_date, date.today())
        self.assertFalse(ILockable(self.routine).locked())
        history = cycle.history(self.routine)
        self.assertEqual(
            [(e["version"], e["approved_by"]) for e in history],
            [(1, "gunn"), (2, "rita")],
        )
        self.assertEqual(history[1]["authors"], ["gunn"])
        self.assertEqual(sorted(history[1]["controllers"]), ["kari", "ola"])
        # Nothing left of the copy's round on the published routine.
        self.assertIsNone(
            self.routine.restrictedTraverse("@@routine-view").working_copy_url()
        )
        html = self.routine.restrictedTraverse("@@routine-history")()
        self.assertIn("Rita Testesen", html)
        self.assertIn("Gunn Testesen", html)

    def test_the_copy_keeps_its_record_to_itself(self):
        self.through_control(self.copy, author="gunn")
        self.as_user("rita", self.copy, "approve")
        self.assertEqual(len(cycle.history(self.copy)), 2)
        self.assertEqual(len(cycle.history(self.routine)), 1)
        self.assertEqual(self.routine.version, 1)

    def test_an_unapproved_copy_is_never_checked_in(self):
        login(self.portal, "gunn")
        with self.assertRaises(CheckinException):
            ICheckinCheckoutPolicy(self.copy).checkin("")

    def test_cancel_unlocks_the_published_routine(self):
        self.assertTrue(ILockable(self.routine).locked())
        login(self.portal, "gunn")
        ICheckinCheckoutPolicy(self.copy).cancelCheckout()
        self.assertFalse(ILockable(self.routine).locked())

    def test_no_working_copy_of_a_draft(self):
        login(self.portal, "rita")
        draft = api.content.create(
            self.folder, "Routine", title="Ny rutine", document_number="R-8"
        )
        self.assertFalse(
            draft.restrictedTraverse("@@iterate_control").checkout_allowed()
        )

    def test_reminders_list_the_routine_once(self):
        titles = [b.getURL() for b in due_routines(date.today())]
        self.assertEqual(titles, [self.routine.absolute_url()])


class TestUpgrade(CycleTestCase):
    def test_existing_routines_get_their_record(self):
        self.published()
        login(self.portal, TEST_USER_NAME)
        draft = api.content.create(
            self.folder, "Routine", title="Gammel", document_number="R-1"
        )
        for routine in (self.routine, draft):
            del IAnnotations(routine)[cycle.KEY]
        draft.changed_by = "gunn"
        v1004_routines.upgrade(api.portal.get_tool("portal_setup"))
        self.assertEqual(cycle.authors(draft), [TEST_USER_ID, "gunn"])
        self.assertEqual(cycle.history(draft), [])
        self.assertEqual(cycle.authors(self.routine), [])
        self.assertEqual(
            [(e["version"], e["approved_by"]) for e in cycle.history(self.routine)],
            [(1, "gunn")],
        )


class TestFormsAndLanguage(CycleTestCase):
    def test_add_and_edit_forms_leave_out_the_workflow_fields(self):
        login(self.portal, "rita")
        html = self.routine.restrictedTraverse("@@edit")()
        self.assertIn("form-widgets-document_number", html)
        for name in ("version", "approved_by", "approved_date", "changed_by"):
            self.assertNotIn(f"form-widgets-{name}", html)

    def test_states_and_transitions_in_bokmal_and_nynorsk(self):
        for msgid, nb, nn in (
            ("Draft", "Utkast", "Utkast"),
            ("In control", "Til kontroll", "Til kontroll"),
            ("Approved", "Godkjent", "Godkjend"),
            ("Send to control", "Send til kontroll", "Send til kontroll"),
            (
                "Send back to draft",
                "Send tilbake til utkast",
                "Send tilbake til utkast",
            ),
        ):
            self.assertEqual(translate(_plone(msgid), target_language="nb"), nb)
            self.assertEqual(translate(_plone(msgid), target_language="nn"), nn)
            self.assertEqual(translate(_plone(msgid), target_language="en"), msgid)


class TestCycleOverREST(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        add_people()
        with api.env.adopt_user(username="rita"):
            routine = api.content.create(
                self.portal,
                "Routine",
                title="Rutine over REST",
                document_number="R-11",
                controllers=["kari", "ola"],
            )
        transaction.commit()
        self.url = routine.absolute_url()

    def call(self, method, url, userid=None, **kwargs):
        headers = {"Accept": "application/json", "Accept-Language": "nb"}
        auth = (userid, PASSWORD) if userid else None
        return requests.request(
            method, url, headers=headers, auth=auth, timeout=60, **kwargs
        )

    def transition(self, url, name, userid):
        return self.call("POST", f"{url}/@workflow/{name}", userid)

    def cycle(self, url, author, approver):
        self.assertEqual(
            self.transition(url, "send_to_control", author).status_code, 200
        )
        for userid in ("kari", "ola"):
            response = self.call("POST", f"{url}/@routine-control", userid)
            self.assertEqual(response.status_code, 200, response.text)
        refused = self.transition(url, "approve", author)
        self.assertGreaterEqual(refused.status_code, 400)
        state = self.call("GET", f"{url}/@routine-control", approver).json()
        self.assertIsNone(state["approval_refused"])
        response = self.transition(url, "approve", approver)
        self.assertEqual(response.status_code, 200, response.text)

    def test_from_draft_to_the_next_published_version(self):
        self.cycle(self.url, "rita", "gunn")
        self.assertEqual(self.transition(self.url, "publish", "gunn").status_code, 200)
        self.assertEqual(self.call("GET", self.url).json()["version"], 1)

        response = self.call("POST", f"{self.url}/@workingcopy", "rita")
        self.assertEqual(response.status_code, 201, response.text)
        copy_url = response.json()["@id"]
        response = self.call(
            "PATCH", copy_url, "rita", json={"title": "Rutine over REST, ny"}
        )
        self.assertEqual(response.status_code, 204, response.text)
        # Readers still get the published version.
        self.assertEqual(self.call("GET", self.url).json()["title"], "Rutine over REST")
        denied = self.call("PATCH", f"{self.url}/@workingcopy", "gunn")
        self.assertEqual(denied.status_code, 403)  # not approved yet

        self.cycle(copy_url, "rita", "gunn")
        response = self.call("PATCH", f"{self.url}/@workingcopy", "gunn")
        self.assertEqual(response.status_code, 204, response.text)

        routine = self.call("GET", self.url).json()
        self.assertEqual(routine["title"], "Rutine over REST, ny")
        self.assertEqual(routine["version"], 2)
        self.assertEqual(routine["approved_by"], "gunn")
        self.assertEqual(routine["approved_date"], date.today().isoformat())
        self.assertEqual(routine["review_state"], "published")
        self.assertIsNone(
            self.call("GET", f"{self.url}/@workingcopy", "rita").json()["working_copy"]
        )
        self.assertEqual(self.call("GET", copy_url, "rita").status_code, 404)
        history = self.call("GET", f"{self.url}/@routine-history").json()["items"]
        self.assertEqual(
            [(e["version"], e["approved_by"]) for e in history],
            [(2, "gunn"), (1, "gunn")],
        )

    def test_states_over_rest_in_bokmal(self):
        self.transition(self.url, "send_to_control", "rita")
        info = self.call("GET", f"{self.url}/@workflow", "rita").json()
        self.assertEqual(info["state"]["title"], "Til kontroll")

    def test_workflow_fields_refused_with_a_message(self):
        for body in (
            {"version": 7},
            {"approved_by": "rita"},
            {"approved_date": "2026-01-01"},
            {"changed_by": "gunn"},
        ):
            response = self.call("PATCH", self.url, "rita", json=body)
            self.assertEqual(response.status_code, 400, body)
            self.assertIn("settes når rutinen godkjennes", response.json()["message"])
        routine = self.call("GET", self.url, "rita").json()
        self.assertEqual(routine["version"], 0)
        self.assertIsNone(routine["approved_by"])

    def test_workflow_fields_refused_on_create(self):
        response = self.call(
            "POST",
            self.portal.absolute_url(),
            "rita",
            json={
                "@type": "Routine",
                "title": "Ny",
                "document_number": "R-12",
                "version": 3,
            },
        )
        self.assertEqual(response.status_code, 400, response.text)


class TestDemoRoutines(unittest.TestCase):
    layer = DEMO_SITES_INTEGRATION_TESTING

    def test_demo_routines_went_through_four_eyes(self):
        with site_hook(self.layer["app"]["byn"]):
            routines = [b.getObject() for b in api.content.find(portal_type="Routine")]
            self.assertTrue(routines)
            for routine in routines:
                self.assertEqual(api.content.get_state(routine), "published")
                self.assertEqual(routine.approved_by, "godkjenner")
                self.assertEqual(cycle.authors(routine), ["redaktor"])
                self.assertNotIn("godkjenner", routine.controllers)
                last = cycle.history(routine)[-1]
                self.assertEqual(last["version"], routine.version)
                self.assertEqual(
                    last["approved_date"], routine.approved_date.isoformat()
                )
