"""My activities: the activities I am responsible for, by deadline (view and REST)."""

from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.reminders.activities import my_activities
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import use_temp_audit_dir
from datetime import date
from datetime import timedelta
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import add_log
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.logs_fixture import CHILD_NAME
from tests.logs_fixture import give

import requests
import transaction
import unittest


TODAY = date.today()


def set_up_activities(portal) -> dict:
    """An active log where the nurse is responsible for five activities, and a
    log she is not on (her name still on an activity there)."""
    for user in ("holder", "nurse", "stranger"):
        add_user(user)
    unit = add_unit(
        portal, "Solsida barnehage", "kindergarten", staff=["holder", "nurse"]
    )
    log = add_log(portal, unit, "holder")
    other = add_log(portal, unit, "holder", title="L.M.")
    give(log, "nurse", p.PARTICIPANT)
    found = {}
    with api.env.adopt_user(username="holder"):
        create(log, "Consent", kind="create", signed=TODAY, signed_by=["mor", "far"])
        api.content.transition(obj=log, transition="start")
        goal = create(log, "Goal", area="school", title="Trives i barnehagen")
        for name, days, status in (
            ("later", 20, "planned"),
            ("done", -5, "done"),
            ("overdue", -2, "started"),
            ("none", None, "planned"),
            ("soon", 3, "planned"),
        ):
            found[name] = create(
                goal,
                "Activity",
                title=f"Aktivitet {name}",
                responsible="nurse",
                deadline=TODAY + timedelta(days=days) if days is not None else None,
                status=status,
            )
        hidden_goal = create(other, "Goal", area="home", title="Sove godt")
        found["hidden"] = create(
            hidden_goal,
            "Activity",
            title="Aktivitet hidden",
            responsible="nurse",
            deadline=TODAY,
        )
    return found


class TestMyActivities(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.activities = set_up_activities(self.portal)

    def rows(self, user_id):
        with api.env.adopt_user(username=user_id):
            return my_activities(user_id)

    def test_by_deadline_with_flags(self):
        rows = self.rows("nurse")
        self.assertEqual(
            [r["title"] for r in rows],
            [
                "Aktivitet overdue",
                "Aktivitet soon",
                "Aktivitet later",
                "Aktivitet none",
                "Aktivitet done",
            ],
        )
        flags = {r["title"]: (r["overdue"], r["due_soon"]) for r in rows}
        self.assertEqual(flags["Aktivitet overdue"], (True, False))
        self.assertEqual(flags["Aktivitet soon"], (False, True))
        self.assertEqual(flags["Aktivitet later"], (False, False))
        self.assertEqual(
            flags["Aktivitet done"], (False, False)
        )  # done is never overdue

    def test_someone_else_sees_none(self):
        self.assertEqual(self.rows("stranger"), [])
        self.assertEqual(self.rows("holder"), [])  # the holder is responsible for none

    def test_the_page(self):
        with api.env.adopt_user(username="nurse"):
            html = self.portal["logs"].restrictedTraverse("@@my-activities")()
        self.assertLess(html.index("Aktivitet overdue"), html.index("Aktivitet later"))
        self.assertIn('data-overdue="true"', html)
        self.assertNotIn("Aktivitet hidden", html)
        self.assertNotIn(CHILD_NAME, html)
        self.assertNotIn("K.N.", html)
        with api.env.adopt_user(username="stranger"):
            html = self.portal["logs"].restrictedTraverse("@@my-activities")()
        self.assertIn("bti-activities-empty", html)
        self.assertNotIn("Aktivitet", html)


class TestMyActivitiesService(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        self.activities = set_up_activities(self.portal)
        transaction.commit()
        self.url = f"{self.portal['logs'].absolute_url()}/@my-activities"

    def get(self, user_id=None, url=None):
        return requests.get(
            url or self.url,
            headers={"Accept": "application/json"},
            auth=(user_id, "secret-" + user_id) if user_id else None,
            timeout=30,
        )

    def test_my_activities(self):
        response = self.get("nurse")
        self.assertEqual(response.status_code, 200, response.text)
        answer = response.json()
        self.assertEqual(answer["items_total"], 5)
        first = answer["items"][0]
        self.assertEqual(first["@id"], self.activities["overdue"].absolute_url())
        self.assertEqual(first["deadline"], (TODAY - timedelta(days=2)).isoformat())
        self.assertEqual(
            (first["status"], first["overdue"], first["due_soon"]),
            ("started", True, False),
        )
        self.assertIsNone(answer["items"][3]["deadline"])
        self.assertNotIn(CHILD_NAME, response.text)
        self.assertNotIn("K.N.", response.text)

    def test_someone_else_sees_none(self):
        response = self.get("stranger")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["items"], [])

    def test_anonymous_is_refused(self):
        self.assertEqual(self.get().status_code, 401)

    def test_the_page_over_http(self):
        response = requests.get(
            f"{self.portal['logs'].absolute_url()}/@@my-activities",
            auth=("nurse", "secret-nurse"),
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Aktivitet soon", response.text)
        self.assertIn('data-due-soon="true"', response.text)
