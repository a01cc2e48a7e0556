"""Every public guide type answers as JSON for anonymous readers and staff."""

from bti.portal.testing import DEMO_SITES_FUNCTIONAL_TESTING
from plone import api

import requests
import unittest


GUIDE_TYPES = (
    "Guide",
    "GuideLevel",
    "GuideStep",
    "Tool",
    "Service",
    "Measure",
    "Routine",
    "AnnualWheel",
    "AnnualTask",
    "EasyForm",
    "FamilyPage",
)
PASSWORD = "bti-demo"


class TestGuideAsJSON(unittest.TestCase):
    layer = DEMO_SITES_FUNCTIONAL_TESTING

    def published_of_each_type(self, site) -> dict[str, str]:
        catalog = site.portal_catalog
        found = {}
        for portal_type in GUIDE_TYPES:
            brains = catalog.unrestrictedSearchResults(
                portal_type=portal_type, review_state="published", sort_limit=1
            )
            if brains:
                found[portal_type] = brains[0].getURL()
        return found

    def test_every_guide_type_as_json(self):
        site = self.layer["app"]["byn"]
        with api.env.adopt_roles(["Manager"]):
            urls = self.published_of_each_type(site)
        self.assertGreaterEqual(len(urls), 9, sorted(urls))
        for who, auth in (("anonymous", None), ("staff", ("ansatt", PASSWORD))):
            for portal_type, url in urls.items():
                with self.subTest(who=who, type=portal_type):
                    response = requests.get(
                        url,
                        headers={"Accept": "application/json"},
                        auth=auth,
                        timeout=60,
                    )
                    self.assertEqual(response.status_code, 200, response.text[:300])
                    self.assertEqual(response.json()["@type"], portal_type)
