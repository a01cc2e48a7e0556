"""GET <log>/@guide over HTTP: the same entries as the log's page for staff on
the log; the family gets 403, anonymous and unrelated users nothing."""

from bti.portal.domain import permissions as p
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import CHILD_NAME
from tests.logs_fixture import give
from tests.test_log_guide import build_guide
from tests.test_views_logs import active_log
from tests.test_views_logs import set_up_people

import requests
import transaction
import unittest


JSON = {"Accept": "application/json"}


class TestLogGuideEndpoint(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        school, _health, _ppt = set_up_people(self.portal)
        build_guide(self.portal)
        self.log = active_log(self.portal, school, cooperation=())
        give(self.log, "nurse", p.PARTICIPANT)
        give(self.log, "mor", p.GUARDIAN)
        self.url = f"{self.log.absolute_url()}/@guide"
        transaction.commit()

    def get(self, user):
        auth = (user, f"secret-{user}") if user else None
        response = requests.get(self.url, auth=auth, headers=JSON, timeout=60)
        self.addCleanup(response.close)
        return response

    def test_holder_gets_the_steps_in_order_with_tools_and_buttons(self):
        response = self.get("holder")
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["@id"], self.url)
        self.assertEqual(data["level"], 1)
        self.assertEqual(data["heading"], "Veilederen for nivå 1")
        self.assertEqual(
            [(s["number"], s["title"]) for s in data["steps"]],
            [(1, "Hent inn samtykke"), (2, "Start loggen"), (3, "Sett mål")],
        )
        goal_step = data["steps"][2]
        self.assertEqual(goal_step["action"], "add_goal")
        self.assertEqual(
            [b["url"] for b in goal_step["buttons"]],
            [f"{self.log.absolute_url()}/++add++Goal"],
        )
        self.assertEqual(
            [(link["title"], link["type"]) for link in goal_step["links"]],
            [("Mål og tiltak-verktøy", "Tool")],
        )
        self.assertEqual(data["steps"][1]["buttons"], [])  # started already
        self.assertIsNone(data["next"])
        self.assertNotIn(CHILD_NAME, response.text)

    def test_participant_gets_no_button_they_may_not_use(self):
        data = self.get("nurse").json()
        self.assertEqual(data["steps"][0]["action"], "add_consent")
        self.assertEqual(data["steps"][0]["buttons"], [])
        self.assertEqual(len(data["steps"][2]["buttons"]), 1)

    def test_family_is_refused(self):
        response = self.get("mor")
        self.assertEqual(response.status_code, 403, response.text)
        self.assertNotIn("Sett mål", response.text)

    def test_anonymous_and_unrelated_staff_get_nothing(self):
        for user in (None, "stranger", "psych"):
            response = self.get(user)
            self.assertIn(response.status_code, (401, 403, 404), user)
            self.assertNotIn("Sett mål", response.text, user)
            self.assertNotIn("K.N.", response.text, user)
