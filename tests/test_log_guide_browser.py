"""The holder opens a level-1 log in headless Chromium (Debian's) at 1280 and
390 px: the guide's steps, the next level's first steps (an activity is due),
and the step's button leads to the add form. Screenshots: test-output/log-guide-*.
"""

from bti.portal.relaylog import create
from bti.portal.testing import BrowserPage
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import use_temp_audit_dir
from datetime import date
from datetime import timedelta
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.test_log_guide import build_guide
from tests.test_views_logs import active_log
from tests.test_views_logs import set_up_people

import transaction
import unittest


class TestLogGuideInBrowser(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING
    level = 2

    def setUp(self):
        use_temp_audit_dir(self)
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        api.portal.set_registry_record("bti.portal.oidc.demo_mode", True)
        school, _health, _ppt = set_up_people(self.portal)
        build_guide(self.portal)
        self.log = active_log(self.portal, school, cooperation=())
        with api.env.adopt_user(username="holder"):
            goal = create(self.log, "Goal", area="school", title="Trives på skolen")
            create(
                goal,
                "Activity",
                title="Samtale hver uke",
                responsible="holder",
                deadline=date.today() + timedelta(days=3),
            )
        transaction.commit()
        self.browser = BrowserPage(viewport={"width": 1280, "height": 900})
        self.page = self.browser.page

    def tearDown(self):
        self.browser.close()

    def login(self, user_id: str) -> None:
        page = self.page
        page.goto(f"{self.portal.absolute_url()}/login")
        page.fill("#__ac_name", user_id)
        page.fill("#__ac_password", "secret-" + user_id)
        with page.expect_navigation():
            page.click("[name='buttons.login']")

    def test_guide_on_the_log_page_wide_and_narrow(self):
        page = self.page
        self.login("holder")
        page.goto(self.log.absolute_url())
        guide = page.locator(".bti-log-guide")
        self.assertTrue(guide.is_visible())
        current = guide.locator(".bti-guide-current .bti-guide-step")
        self.assertEqual(current.count(), 3)
        self.assertEqual(
            [current.nth(i).get_attribute("data-number") for i in range(3)],
            ["1", "2", "3"],
        )
        nxt = guide.locator(".bti-guide-next")
        self.assertEqual(nxt.get_attribute("data-level"), "2")
        self.assertEqual(nxt.locator(".bti-guide-step").count(), 2)
        button = guide.locator(
            ".bti-guide-current .bti-guide-action[data-action=add_goal]"
        )
        self.assertTrue(button.is_visible())
        self.browser.shot("log-guide-1280", full_page=True)

        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        self.assertTrue(button.is_visible())
        width = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, 390)
        box = button.bounding_box()
        self.assertLessEqual(box["x"] + box["width"], 390)
        guide.screenshot(path="test-output/log-guide-390-section.png")
        self.browser.shot("log-guide-390", full_page=True)

        with page.expect_navigation():
            button.click()
        self.assertIn("++add++Goal", page.url)
