"""REST over real HTTP: staff create a log with the child's details in one POST."""

from bti.portal.content.ids import is_random_id
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.logs_fixture import valid_nid

import requests
import transaction
import unittest


class TestCreateLog(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        add_user("ansatt")
        self.unit = add_unit(self.portal, "Skolen", "school", staff=["ansatt"])
        transaction.commit()
        self.logs_url = self.portal["logs"].absolute_url()

    def post(self, **fields):
        data = {
            "@type": "RelayLog",
            "title": "A.B.",
            "full_name": "Anna Barn Testesen",
            "national_id": valid_nid(),
            "unit": self.unit.UID(),
            "guardians": ["mor"],
            **fields,
        }
        return requests.post(
            self.logs_url,
            json=data,
            auth=("ansatt", "secret-ansatt"),
            headers={"Accept": "application/json"},
            timeout=30,
        )

    def test_details_are_kept_and_the_id_is_random(self):
        response = self.post()
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        self.assertTrue(is_random_id(body["id"]))
        self.assertEqual(body["review_state"], "draft")
        log = requests.get(
            body["@id"],
            auth=("ansatt", "secret-ansatt"),
            headers={"Accept": "application/json"},
            timeout=30,
        ).json()
        self.assertEqual(log["full_name"], "Anna Barn Testesen")
        self.assertEqual(log["unit"]["token"], self.unit.UID())

    def test_invalid_national_id_is_a_clear_400(self):
        response = self.post(national_id="01031599999")
        self.assertEqual(response.status_code, 400)
        self.assertIn("kontrollsifre", response.json()["message"])  # site language nb
        self.assertNotIn("01031599999", response.text)

    def test_a_full_name_as_title_is_refused(self):
        response = self.post(title="Anna Barn Testesen")
        self.assertEqual(response.status_code, 400)
        self.assertIn("initialer", response.json()["message"])
