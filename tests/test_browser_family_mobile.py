"""A guardian on a phone (390 px wide) in headless Chromium, in bokmål and in
Arabic: logs in, lands on "Mine logger", opens the child's log and reads it;
no CMS toolbar anywhere, and no page scrolls sideways.
Screenshots in test-output/ (family-mobile-*)."""

from bti.portal.testing import BrowserPage
from bti.portal.testing import DEMO_SITES_BROWSER_TESTING
from bti.portal.testing import use_temp_audit_dir

import re
import unittest


PHONE = {"width": 390, "height": 844}
SIDEWAYS = "document.documentElement.scrollWidth - window.innerWidth"
# The elements that reach past the right edge, to say what is too wide.
TOO_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(-6)
  .map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)"""


class TestGuardianOnAPhone(unittest.TestCase):
    layer = DEMO_SITES_BROWSER_TESTING
    level = 2

    def setUp(self):
        use_temp_audit_dir(self)
        self.site_url = f"http://localhost:{self.layer['port']}/byn"
        self.browser = BrowserPage(viewport=PHONE, device_scale_factor=1)
        self.page = self.browser.page

    def tearDown(self):
        self.browser.close()

    def submit(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.click(selector)

    def check_page(self, name: str) -> None:
        """No toolbar, no sideways scrolling; a screenshot to look at."""
        page = self.page
        self.assertEqual(page.locator("#edit-zone").count(), 0, name)
        self.assertEqual(page.locator("#plone-contentmenu-workflow").count(), 0)
        self.assertLessEqual(page.evaluate(SIDEWAYS), 0, page.evaluate(TOO_WIDE))
        self.browser.shot(f"family-mobile-{name}", full_page=True)

    def test_guardian_in_bokmal_and_arabic(self):
        page = self.page
        page.goto(f"{self.site_url}/login")
        page.fill("#__ac_name", "forelder")
        page.fill("#__ac_password", "bti-demo")
        self.submit("[name='buttons.login']")

        # Lands on "Mine logger", which the main menu has too.
        self.assertTrue(page.url.endswith("/@@my-logs"), page.url)
        self.assertEqual(page.locator("html").get_attribute("lang"), "nb")
        menu = page.locator("#portal-globalnav a[href$='/@@my-logs']")
        self.assertEqual(menu.count(), 1)
        self.check_page("1-my-logs-nb")

        self.submit(".bti-family-log[data-state=level2] .bti-open-log")
        log_url = page.url.split("?")[0].rstrip("/")
        self.assertEqual(page.locator(".bti-log-goals").count(), 1)
        self.assertIn("Mål og tiltak", page.locator(".bti-log-goals h2").inner_text())
        self.check_page("2-log-nb")

        # A goal opened from the log: its own page, and the way back.
        self.submit(".bti-goal h3 a >> nth=0")
        self.assertEqual(page.locator(".bti-back-to-log").count(), 2)
        self.check_page("3-goal-nb")
        self.submit(".bti-back-to-log >> nth=0")
        self.assertEqual(page.url.split("?")[0].rstrip("/"), log_url)

        # Arabic, chosen on "Mine logger": right to left, no English.
        page.goto(f"{self.site_url}/@@my-logs?set_language=ar")
        self.assertEqual(page.locator("body").get_attribute("dir"), "rtl")
        self.check_page("4-my-logs-ar")
        page.goto(log_url)
        self.assertEqual(page.locator("html").get_attribute("lang"), "ar")
        state = page.locator(".bti-log-state").inner_text()
        self.assertEqual(state.strip(), "المستوى 2")
        # Text written in the log keeps its language and direction.
        written = page.locator(".bti-log-goals h3").first
        self.assertEqual(written.get_attribute("lang"), "nb")
        self.assertEqual(written.get_attribute("dir"), "ltr")
        # Dates as Arabic readers write them (day, month's name, year), not ISO.
        when = page.locator(".bti-log-next-meeting").inner_text()
        self.assertRegex(when, r"\d{1,2} \S+ \d{4}")
        self.assertNotRegex(when, r"\d{4}-\d{2}-\d{2}")
        heading = page.locator(".bti-log-goals h2").inner_text()
        self.assertEqual(heading.strip(), "الأهداف والمهام")
        text = page.locator("#content").inner_text()
        for english in ("Goals and activities", "History", "Child's full name"):
            self.assertNotIn(english, text)
        self.check_page("5-log-ar")

    def test_staff_add_a_meeting_on_a_phone(self):
        page = self.page
        page.goto(f"{self.site_url}/login")
        page.fill("#__ac_name", "ansatt")
        page.fill("#__ac_password", "bti-demo")
        self.submit("[name='buttons.login']")
        page.goto(f"{self.site_url}/logs")
        hrefs = page.eval_on_selector_all(
            "a[href*='/logs/']", "links => links.map(link => link.href)"
        )
        logs = [href for href in hrefs if re.search(r"/logs/[0-9a-f]{16}/?$", href)]
        page.goto(f"{logs[0].rstrip('/')}/++add++Meeting")
        # "Invited" (a list to choose from, with arrow buttons) fits the width.
        self.assertEqual(page.locator(".ordered-selection-field").count(), 1)
        self.assertLessEqual(page.evaluate(SIDEWAYS), 0, page.evaluate(TOO_WIDE))
        self.browser.shot("staff-mobile-meeting-add", full_page=True)
