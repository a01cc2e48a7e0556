"""A person walks the guide in headless Chromium: navigator → level 0 → a
step → its form, fills it in and sends it. Screenshots in test-output/."""

from bti.portal.testing import BrowserPage
from bti.portal.testing import DEMO_SITES_BROWSER_TESTING
from bti.portal.testing import use_smtp_server

import transaction
import unittest


class TestWalkTheGuide(unittest.TestCase):
    layer = DEMO_SITES_BROWSER_TESTING
    level = 2

    def setUp(self):
        for site_id in ("byn", "sogndal"):
            use_smtp_server(self.layer["app"][site_id], self.layer["smtp_port"])
        transaction.commit()
        self.layer["smtp"].clear()
        self.browser = BrowserPage(viewport={"width": 390, "height": 844})
        self.page = self.browser.page

    def tearDown(self):
        self.browser.close()

    def shot(self, name: str) -> None:
        self.browser.shot(f"walk-{name}", full_page=True)

    def walk(self, site_id: str, guide_id: str, thanks: str) -> None:
        page = self.page
        page.goto(f"http://localhost:{self.layer['port']}/{site_id}/{guide_id}")
        self.shot(f"{site_id}-1-navigator")
        level = page.locator(".bti-level").first
        self.assertEqual(level.get_attribute("data-badge"), "0")
        # Keyboard: the first level opens and closes with Enter on its summary.
        level.locator("summary").focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        step_with_form = None
        hrefs = [a.get_attribute("href") for a in level.locator(".bti-steps a").all()]
        for href in hrefs:
            page.goto(href)
            if page.locator(".bti-related-forms a").count():
                step_with_form = href
                break
        self.assertIsNotNone(step_with_form, "no level 0 step links a form")
        self.shot(f"{site_id}-2-step")
        page.locator(".bti-related-forms a").first.click()
        page.wait_for_load_state()
        self.shot(f"{site_id}-3-form")
        for field in page.locator("form input[type=text]").all():
            if field.is_visible():
                field.fill("Test")
        for area in page.locator("form textarea").all():
            if area.is_visible():
                area.fill("Skrive inn det vi så og hørte.")
        for date_field in page.locator("form input[type=date]").all():
            if date_field.is_visible():
                date_field.fill("2026-11-23")
        for radio_group in page.locator("form .field:has(input[type=radio])").all():
            radio_group.locator("input[type=radio]").first.check()
        for select in page.locator("form select").all():
            if select.is_visible():
                select.select_option(index=1)
        page.locator("form [name='form.buttons.submit']").click()
        page.wait_for_load_state()
        self.shot(f"{site_id}-4-sent")
        self.assertIn(thanks, page.content())
        # What was sent went to the site's forms address.
        (message,) = self.layer["smtp"].messages
        self.assertEqual(message["To"], f"postmottak@{site_id}.example.org")

    def test_bokmal_site(self):
        self.walk("byn", "handlingsveileder", "Referatet er sendt.")

    def test_nynorsk_site(self):
        self.walk("sogndal", "handlingsrettleiar", "Referatet er sendt.")
