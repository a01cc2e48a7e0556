"""The work page "Mitt arbeid" in headless Chromium as the demo staff user
``ansatt``: the login lands there, in bokmål (BYN) and nynorsk (Sogndal), at
1280 and 390 px without sideways scrolling. Screenshots: test-output/work-*."""

from bti.portal.testing import BrowserPage
from bti.portal.testing import DEMO_SITES_FUNCTIONAL_TESTING

import unittest


TEXTS = {
    "byn": ("Mitt arbeid", "Tiltakene dine", "Søk i handlingsveilederen"),
    "sogndal": ("Mitt arbeid", "Tiltaka dine", "Søk i handlingsrettleiaren"),
}


class TestWorkPageInBrowser(unittest.TestCase):
    layer = DEMO_SITES_FUNCTIONAL_TESTING
    level = 2

    def visit(self, site_id: str, width: int) -> None:
        browser = BrowserPage(viewport={"width": width, "height": 900})
        try:
            self.check(browser, site_id, width)
        finally:
            browser.close()

    def check(self, browser, site_id: str, width: int) -> None:
        page = browser.page
        site = f"http://localhost:{self.layer['port']}/{site_id}"
        page.goto(f"{site}/login")
        page.fill("#__ac_name", "ansatt")
        page.fill("#__ac_password", "bti-demo")
        with page.expect_navigation():
            page.click("[name='buttons.login']")
        page.wait_for_load_state()
        self.assertEqual(page.url, f"{site}/@@my-work")
        browser.shot(f"work-{site_id}-{width}", full_page=True)
        heading, activities, search = TEXTS[site_id]
        self.assertEqual(page.locator("h1").inner_text().strip(), heading)
        self.assertIn(activities, page.locator("#work-activities").inner_text())
        links = page.locator(".bti-work-links")
        self.assertEqual(links.locator(f"a:text-is('{search}')").count(), 1)
        # The demo holder has logs, activities and coming meetings.
        self.assertGreater(page.locator(".bti-work-log").count(), 0)
        self.assertGreater(page.locator(".bti-work-activity").count(), 0)
        self.assertGreater(page.locator(".bti-work-meeting").count(), 0)
        # The main menu leads here.
        self.assertGreater(page.locator(f"nav a[href='{site}/@@my-work']").count(), 0)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(scroll, width, f"{site_id} at {width} px scrolls sideways")

    def test_bokmal(self):
        for width in (1280, 390):
            self.visit("byn", width)

    def test_nynorsk(self):
        for width in (1280, 390):
            self.visit("sogndal", width)
