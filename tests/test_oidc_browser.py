"""A person logs in through the OpenID provider's own pages in headless
Chromium, and reaches a page behind the high-assurance gate."""

from bti.portal.oidc.testing import OIDC_FUNCTIONAL_TESTING
from bti.portal.oidc.testing import TEST_PASSWORD
from bti.portal.oidc.testing import TEST_VIEW
from pathlib import Path

import os
import shutil
import unittest


SHOTS = Path(os.environ.get("BTI_SCREENSHOTS", Path(__file__).parent.parent / "test-output"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


class TestLoginInBrowser(unittest.TestCase):
    layer = OIDC_FUNCTIONAL_TESTING
    level = 2

    def setUp(self):
        from playwright.sync_api import sync_playwright

        chromium = shutil.which("chromium")
        self.assertIsNotNone(chromium, "Chromium is missing: apt-get install chromium")
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        self.page = self.browser.new_page()
        self.page.set_default_timeout(30_000)

    def tearDown(self):
        self.browser.close()
        self.playwright.stop()

    def login(self, method: str) -> str:
        page = self.page
        visited = []
        page.on("request", lambda request: visited.append(request.url))
        page.goto(f"{self.layer['oidc_site_url']}/@@{TEST_VIEW}")
        page.wait_for_selector("input[name=username]")
        # The gate sent the browser to the provider asking for high assurance.
        self.assertTrue(any("acr_values=idporten-loa-high" in url for url in visited))
        page.fill("input[name=username]", "forelder")
        page.fill("input[name=password]", TEST_PASSWORD)
        page.select_option("select[name=method]", method)
        page.screenshot(path=str(SHOTS / f"oidc-{method}-1-provider-login.png"))
        page.click("button[type=submit]")
        page.wait_for_load_state()
        if page.locator("button[type=submit]").count():  # the provider's consent page
            page.click("button[type=submit]")
            page.wait_for_load_state()
        page.screenshot(path=str(SHOTS / f"oidc-{method}-2-back.png"))
        return page.content()

    def test_bankid_reaches_the_high_assurance_page(self):
        self.assertIn("high assurance ok: idporten-loa-high", self.login("bankid"))

    def test_minid_is_refused_with_an_explanation(self):
        html = self.login("minid")
        self.assertNotIn("high assurance ok", html)
        self.assertIn("oidc-login-refused", self.page.url)
