"""A guardian in headless Chromium on a demo site (demo mode, password login):
landing on "My logs", the child's log, a message written in the log;
then the pages for families and "My logs" in Arabic, right to left.
Screenshots in test-output/ (family-*)."""

from bti.portal.testing import BrowserPage
from bti.portal.testing import DEMO_SITES_BROWSER_TESTING
from bti.portal.testing import use_temp_audit_dir

import unittest


MESSAGE = "Hei! Hun sov hele natta i går. Vi tar det med på neste møte."


class TestGuardianInBrowser(unittest.TestCase):
    layer = DEMO_SITES_BROWSER_TESTING
    level = 2

    def setUp(self):
        use_temp_audit_dir(self)
        self.site_url = f"http://localhost:{self.layer['port']}/byn"
        self.browser = BrowserPage(viewport={"width": 1280, "height": 900})
        self.page = self.browser.page

    def tearDown(self):
        self.browser.close()

    def shot(self, name: str) -> None:
        self.browser.shot(f"family-{name}", full_page=True)

    def submit(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.click(selector)

    def login(self, user_id: str) -> None:
        page = self.page
        page.goto(f"{self.site_url}/login")
        page.fill("#__ac_name", user_id)
        page.fill("#__ac_password", "bti-demo")
        self.submit("[name='buttons.login']")

    def test_guardian_reads_writes_and_switches_to_arabic(self):
        page = self.page
        self.login("forelder")

        # Families land on "Mine logger" after login, without Plone's toolbar.
        self.assertTrue(page.url.endswith("/@@my-logs"), page.url)
        self.assertEqual(page.locator("#edit-zone").count(), 0)
        cards = page.locator(".bti-family-log")
        self.assertEqual(cards.count(), 2)  # the level 2 log and the closed one
        self.assertEqual(
            [cards.nth(i).get_attribute("data-state") for i in range(2)],
            ["level2", "closed"],  # the log in work first
        )
        self.assertEqual(page.locator("html").get_attribute("lang"), "nb")
        self.shot("1-my-logs-nb")

        # The level 2 log, then a message written in it.
        self.submit(".bti-family-log[data-state=level2] .bti-open-log")
        log_url = page.url.split("?")[0].rstrip("/")
        self.assertEqual(page.locator(".bti-log-goals").count(), 1)
        self.shot("2-log-nb")
        self.submit(".bti-log-add a[data-type=LogMessage]")
        self.assertIn("++add++LogMessage", page.url)
        page.fill("#form-widgets-text", MESSAGE)
        self.shot("3-write-message-nb")
        self.submit("#form-buttons-save")
        page.goto(log_url)
        first = page.locator(".bti-log-messages .bti-message").first
        self.assertIn(MESSAGE, first.inner_text())
        # A comment only on the activity the guardian is responsible for.
        self.assertEqual(page.locator(".bti-add-evaluation").count(), 1)
        self.shot("4-log-with-message-nb")

        # The pages for families, then Arabic from the language switcher.
        page.goto(f"{self.site_url}/familie")
        self.assertEqual(page.locator(".bti-family-card").count(), 4)
        self.shot("5-family-pages-nb")
        self.submit(".bti-language-switcher a[data-language=ar]")
        self.assertEqual(page.locator("body").get_attribute("dir"), "rtl")
        self.assertEqual(page.locator("html").get_attribute("lang"), "ar")
        self.assertEqual(page.locator(".bti-family-card[dir=rtl]").count(), 4)
        self.shot("6-family-pages-ar")
        self.submit(".bti-family-card a >> nth=1")  # consent
        article = page.locator("article.bti-family-page")
        self.assertEqual(article.get_attribute("dir"), "rtl")
        self.assertEqual(article.get_attribute("lang"), "ar")
        self.assertIn("الموافقة", page.locator("h1.documentFirstHeading").inner_text())
        # Right to left: the text starts at the right edge of its box.
        box = article.locator("p").first.bounding_box()
        content = article.bounding_box()
        self.assertGreater(box["x"] + box["width"], content["x"] + content["width"] - 5)
        self.shot("7-page-ar")

        # "My logs" follows the chosen language.
        self.submit(".bti-my-logs-link")
        self.assertEqual(page.locator("body").get_attribute("dir"), "rtl")
        self.assertEqual(
            page.locator("h1.documentFirstHeading").inner_text().strip(), "سجلاتي"
        )
        states = page.locator(".bti-family-state").all_inner_texts()
        self.assertTrue(any("المستوى 2" in text for text in states), states)
        self.shot("8-my-logs-ar")
        page.goto(log_url)
        self.shot("9-log-ar")

        # Back to bokmål from the switcher; the Arabic page stays right to
        # left inside the bokmål page.
        page.goto(f"{self.site_url}/@@my-logs")
        self.submit(".bti-language-switcher a[data-language=nb]")
        self.assertEqual(page.locator("body").get_attribute("dir"), "ltr")
        page.goto(f"{self.site_url}/familie/ar-consent")
        self.assertEqual(page.locator("body").get_attribute("dir"), "ltr")
        article = page.locator("article.bti-family-page")
        self.assertEqual(article.get_attribute("dir"), "rtl")
        self.shot("10-page-ar-in-nb")
