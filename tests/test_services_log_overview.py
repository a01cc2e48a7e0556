"""REST @log-overview on the log folder: my logs, offered to me, logs I oversee."""

from bti.portal.domain import permissions as p
from bti.portal.relaylog.handover import rules as handover
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import CHILD_NAME
from tests.logs_fixture import give
from tests.test_views_logs import active_log
from tests.test_views_logs import set_up_people

import requests
import transaction
import unittest


JSON = {"Accept": "application/json"}


PAGING_CODES = {"paging_not_whole", "paging_out_of_range"}


class TestLogOverviewEndpoint(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        use_temp_audit_dir(self)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        school, health, _ppt = set_up_people(self.portal)
        self.log = active_log(self.portal, school)
        give(self.log, "nurse", p.PARTICIPANT)
        give(self.log, "mor", p.GUARDIAN)
        self.other = active_log(self.portal, health, cooperation=())
        handover.offer(self.other, "next", by_user="holder")
        transaction.commit()
        self.url = f"{self.portal['logs'].absolute_url()}/@log-overview"

    def get(self, user):
        auth = (user, f"secret-{user}") if user else None
        response = requests.get(self.url, auth=auth, headers=JSON, timeout=60)
        self.addCleanup(response.close)
        return response

    def test_holder_sees_both_logs(self):
        data = self.get("holder").json()
        self.assertEqual(data["@id"], self.url)
        self.assertEqual(len(data["my_logs"]), 2)
        entry = data["my_logs"][0]
        self.assertEqual(entry["my_roles"][0]["id"], p.RELAY_HOLDER)
        self.assertEqual(
            entry["holders"], [{"id": "holder", "fullname": "Hanne Holder"}]
        )
        self.assertEqual(data["overseen"], [])

    def test_participant_and_guardian(self):
        for user, role in (("nurse", p.PARTICIPANT), ("mor", p.GUARDIAN)):
            response = self.get(user)
            self.assertEqual(response.status_code, 200, response.text)
            [entry] = response.json()["my_logs"]
            self.assertEqual(entry["uid"], self.log.UID())
            self.assertEqual([r["id"] for r in entry["my_roles"]], [role])
            self.assertEqual(entry["review_state"], "level1")

    def test_offered_to_me(self):
        data = self.get("next").json()
        self.assertEqual(data["my_logs"], [])
        [entry] = data["offered_to_me"]
        self.assertEqual(entry["uid"], self.other.UID())
        self.assertEqual(entry["initials"], "K.N.")
        self.assertEqual(entry["unit"]["title"], "Helsestasjonen")
        self.assertNotIn("holders", entry)

    def test_unit_leader_oversees_without_content(self):
        response = self.get("boss")
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["my_logs"], [])
        self.assertEqual([e["uid"] for e in data["overseen"]], [self.log.UID()])
        entry = data["overseen"][0]
        self.assertEqual(entry["review_state"], "level1")
        self.assertEqual(entry["holders"][0]["id"], "holder")
        self.assertTrue(entry["modified"])
        for secret in (CHILD_NAME, self.log.national_id, self.log.national_id[:6]):
            self.assertNotIn(secret, response.text)
        # The log itself stays closed to the unit leader.
        log = requests.get(
            self.log.absolute_url(),
            auth=("boss", "secret-boss"),
            headers=JSON,
            timeout=60,
        )
        self.assertEqual(log.status_code, 401)

    def test_coordinator_oversees_all(self):
        data = self.get("coord").json()
        self.assertEqual(
            {e["uid"] for e in data["overseen"]}, {self.log.UID(), self.other.UID()}
        )

    def test_overseen_is_paged_with_a_total(self):
        first = self.get_paged("coord", b_size=1).json()
        second = self.get_paged("coord", b_size=1, b_start=1).json()
        self.assertEqual((first["overseen_total"], second["overseen_total"]), (2, 2))
        self.assertEqual(len(first["overseen"]), 1)
        self.assertEqual(
            {first["overseen"][0]["uid"], second["overseen"][0]["uid"]},
            {self.log.UID(), self.other.UID()},
        )
        page = requests.get(
            self.url.replace("@log-overview", ""),
            params={"b_start": "-1"},
            auth=("coord", "secret-coord"),
            timeout=60,
        )
        self.addCleanup(page.close)
        self.assertEqual(page.status_code, 400)
        for bad in (
            {"b_size": 0},
            {"b_start": "x"},
            {"b_size": 501},
            {"b_start:float": "inf"},  # not an OverflowError (a 500)
            {"b_size:float": "5.7"},
        ):
            response = self.get_paged("coord", **bad)
            self.assertEqual(response.status_code, 400)
            self.assertIn(response.json()["code"], PAGING_CODES)
        # The message in the site's language (bokmål), not English.
        message = self.get_paged("coord", b_size=0).json()["message"]
        self.assertEqual(message, "b_size må være mellom 1 og 500.")

    def get_paged(self, user, **params):
        response = requests.get(
            self.url,
            params=params,
            auth=(user, f"secret-{user}"),
            headers=JSON,
            timeout=60,
        )
        self.addCleanup(response.close)
        return response

    def test_stranger_sees_nothing_and_anonymous_must_log_in(self):
        data = self.get("stranger").json()
        self.assertEqual(
            data,
            {
                "@id": self.url,
                "my_logs": [],
                "offered_to_me": [],
                "overseen": [],
                "overseen_total": 0,
            },
        )
        self.assertEqual(self.get(None).status_code, 401)
