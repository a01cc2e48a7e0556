"""The demo guide content of each demo site (content/<language>/guide.json)."""

from bti.portal.testing import DEMO_SITES_INTEGRATION_TESTING
from plone import api
from zope.component.hooks import site as site_hook

import unittest


class TestDemoGuide(unittest.TestCase):
    layer = DEMO_SITES_INTEGRATION_TESTING

    def count(self, site_id: str, portal_type: str) -> int:
        with site_hook(self.layer["app"][site_id]):
            return len(api.content.find(portal_type=portal_type))

    def test_guide_with_levels_and_steps(self):
        for site_id in ("byn", "inderoy", "sogndal"):
            with self.subTest(site_id):
                self.assertEqual(self.count(site_id, "Guide"), 1)
                self.assertGreaterEqual(self.count(site_id, "GuideLevel"), 1)
                self.assertGreaterEqual(self.count(site_id, "GuideStep"), 1)

    def test_step_links_its_tools(self):
        site = self.layer["app"]["byn"]
        with site_hook(site):
            step = api.content.find(portal_type="GuideStep", sort_on="getObjPositionInParent")[0].getObject()
            self.assertTrue(step.tools)
            self.assertEqual(step.tools[0].to_object.portal_type, "Tool")

    def test_everything_is_published(self):
        with site_hook(self.layer["app"]["byn"]):
            for brain in api.content.find(portal_type=["Guide", "GuideStep", "Tool", "Service"]):
                self.assertEqual(brain.review_state, "published", brain.getPath())
