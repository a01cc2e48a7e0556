"""@sites: the REST API creates a BTI site through the distribution."""

from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import TEST_ANSWERS
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
from zope.component.hooks import site as site_hook

import requests
import transaction
import unittest


class TestSitesEndpoint(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.root = f"http://{self.layer['host']}:{self.layer['port']}"
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        self.session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)

    def tearDown(self):
        self.session.close()

    def test_lists_the_bti_distribution(self):
        response = self.session.get(f"{self.root}/@sites")
        self.assertEqual(response.status_code, 200)
        names = [d["name"] for d in response.json()["distributions"]]
        self.assertIn("bti", names)

    def test_creates_a_site(self):
        answers = {
            **TEST_ANSWERS,
            "site_id": "leka",
            "title": "BTI i Leka",
            "municipalities": ["Leka"],
            "default_language": "nn",
            "consent_age": 15,
            "level0_deadline_days": 21,
            "oidc_issuer": "https://idp.example.org",
            "oidc_client_id": "bti-leka",
        }
        response = self.session.post(f"{self.root}/@sites/bti", json=answers)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["id"], "leka")
        transaction.begin()
        site = self.layer["app"]["leka"]
        with site_hook(site):
            registry = getUtility(IRegistry)
            self.assertEqual(registry["bti.portal.consent_age"], 15)
            self.assertEqual(registry["bti.portal.level0_deadline_days"], 21)
            self.assertEqual(registry["plone.default_language"], "nn")
            self.assertEqual(
                registry["bti.portal.oidc.issuer"], "https://idp.example.org"
            )
            self.assertEqual(registry["bti.portal.oidc.client_id"], "bti-leka")
            self.assertEqual(
                registry["bti.portal.oidc.acr_values"], ["idporten-loa-high"]
            )
            self.assertFalse(registry["bti.portal.oidc.demo_mode"])
        types = self.session.get(f"{self.root}/leka/@types")
        self.assertEqual(types.status_code, 200)

    def test_bad_answers_are_a_400_and_create_nothing(self):
        answers = {**TEST_ANSWERS, "site_id": "vikna", "consent_age": 12}
        response = self.session.post(f"{self.root}/@sites/bti", json=answers)
        self.assertEqual(response.status_code, 400)
        transaction.begin()
        self.assertNotIn("vikna", self.layer["app"].objectIds())

    def test_only_managers_create_sites(self):
        response = requests.post(
            f"{self.root}/@sites/bti",
            json={**TEST_ANSWERS, "site_id": "nope"},
            headers={"Accept": "application/json"},
            timeout=300,
        )
        self.assertIn(response.status_code, (401, 403))
