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
            step = api.content.find(
                portal_type="GuideStep", sort_on="getObjPositionInParent"
            )[0].getObject()
            self.assertTrue(step.tools)
            self.assertEqual(step.tools[0].to_object.portal_type, "Tool")

    def test_everything_is_published(self):
        with site_hook(self.layer["app"]["byn"]):
            types = ["Guide", "GuideStep", "Tool", "Service", "Routine", "EasyForm"]
            for brain in api.content.find(portal_type=types):
                self.assertEqual(brain.review_state, "published", brain.getPath())

    def test_amounts_the_issue_asks_for(self):
        for site_id in ("byn", "sogndal"):
            with self.subTest(site_id):
                self.assertGreaterEqual(self.count(site_id, "Tool"), 6)
                self.assertEqual(self.count(site_id, "EasyForm"), 3)
                self.assertGreaterEqual(self.count(site_id, "Routine"), 5)
                self.assertGreaterEqual(self.count(site_id, "Service"), 12)
                self.assertGreaterEqual(self.count(site_id, "Measure"), 10)
                self.assertGreaterEqual(self.count(site_id, "AnnualTask"), 8)
                self.assertEqual(self.count(site_id, "GuideLevel"), 5)

    def test_demo_routine_keeps_its_version_and_one_is_due(self):
        with site_hook(self.layer["app"]["byn"]):
            routines = [b.getObject() for b in api.content.find(portal_type="Routine")]
            self.assertTrue(any(r.version and r.version > 1 for r in routines))
            self.assertTrue(
                any(
                    r.restrictedTraverse("@@routine-status").revision_due()
                    for r in routines
                )
            )

    def test_level_zero_steps_link_a_form(self):
        with site_hook(self.layer["app"]["sogndal"]):
            steps = [b.getObject() for b in api.content.find(portal_type="GuideStep")]
            forms = {rel.to_object.portal_type for s in steps for rel in s.forms or []}
            self.assertEqual(forms, {"EasyForm"})
