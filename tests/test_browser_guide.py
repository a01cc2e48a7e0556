"""A reader walks the designed guide pages in headless Chromium: the front
page and one page of each guide type, on a bokmål and a nynorsk site, on a
desktop (1280 px) and a phone (390 px). Nothing scrolls sideways, nothing of
the CMS shows. Screenshots in test-output/guide-*.png."""

from bti.portal.testing import BrowserPage
from bti.portal.testing import DEMO_SITES_BROWSER_TESTING

import unittest


TYPES = (
    "GuideLevel",
    "GuideStep",
    "Tool",
    "Routine",
    "Service",
    "Measure",
    "AnnualTask",
)
CMS_MARKERS = ("Innstillinger", "Identifikator", "Versioning enabled", "Ingen fil")
WIDTHS = {"desktop": 1280, "phone": 390}


class TestGuidePagesInTheBrowser(unittest.TestCase):
    layer = DEMO_SITES_BROWSER_TESTING

    def pages(self, site_id: str) -> dict[str, str]:
        """The front page and the first published page of each guide type."""
        site = self.layer["app"][site_id]
        base = f"http://localhost:{self.layer['port']}"
        pages = {"front": f"{base}/{site_id}"}
        catalog = site.portal_catalog.unrestrictedSearchResults
        (level,) = catalog(portal_type="GuideLevel", getId="niva-1")
        for portal_type in TYPES:
            query = {"portal_type": portal_type, "review_state": "published"}
            if portal_type in ("GuideLevel", "GuideStep"):
                # Level 1 and its first step (which links tools and forms).
                query["path"] = {
                    "query": level.getPath(),
                    "depth": 0 if portal_type == "GuideLevel" else 1,
                }
            brains = catalog(sort_on="getObjPositionInParent", **query)
            pages[portal_type] = base + brains[0].getPath()
        return pages

    def walk(self, site_id: str, expected: dict[str, str]) -> None:
        pages = self.pages(site_id)
        browser = BrowserPage()
        self.addCleanup(browser.close)
        page = browser.page
        for device, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 844})
            for name, url in pages.items():
                with self.subTest(site=site_id, device=device, page=name):
                    response = page.goto(url)
                    self.assertEqual(response.status, 200, url)
                    browser.shot(f"guide-{site_id}-{device}-{name}", full_page=True)
                    heading = page.locator("#content h1").first
                    self.assertTrue(heading.is_visible())
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth - window.innerWidth"
                    )
                    self.assertLessEqual(overflow, 0, "scrolls sideways")
                    content = page.locator("#portal-column-content").inner_text()
                    for marker in CMS_MARKERS:
                        self.assertNotIn(marker, content)
                    self.assertNotIn("documentByLine", page.content())
                    if name in expected:
                        self.assertIn(expected[name], content)
            # From the front page a reader reaches the guide, the family
            # pages and the login.
            page.goto(pages["front"])
            for selector in (
                ".bti-front-guide a.btn",
                ".bti-front-family a.btn",
                ".bti-front-login a.btn",
            ):
                self.assertTrue(page.locator(selector).is_visible(), selector)
            page.locator(".bti-front-guide a.btn").click()
            page.wait_for_load_state()
            self.assertTrue(page.locator(".bti-level-path").is_visible())
            page.goto(pages["front"])
            page.fill("#bti-front-search", "samtykke")
            page.locator(".bti-front-search button").click()
            page.wait_for_load_state()
            self.assertIn("@@guide-search", page.url)
            browser.shot(f"guide-{site_id}-{device}-search", full_page=False)

    def test_bokmal_site(self):
        self.walk(
            "byn",
            {
                "front": "Åpne handlingsveilederen",
                "GuideLevel": "Nivå 1: Innsats i egen tjeneste",
                "Tool": "Alder",
                "Service": "Kontakt",
                "Routine": "Versjon",
            },
        )

    def test_nynorsk_site(self):
        self.walk(
            "sogndal",
            {
                "front": "Opne handlingsrettleiaren",
                "GuideLevel": "Nivå 1: Innsats i eiga teneste",
                "Tool": "Alder",
                "Service": "Kontakt",
                "Routine": "Versjon",
            },
        )
