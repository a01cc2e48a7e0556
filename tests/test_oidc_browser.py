"""A person logs in through the OpenID provider's own pages in headless
Chromium, and reaches a page behind the high-assurance gate."""

from bti.portal.testing import BrowserPage
from bti.portal.testing.oidc import OIDC_FUNCTIONAL_TESTING
from bti.portal.testing.oidc import TEST_PASSWORD
from bti.portal.testing.oidc import TEST_VIEW

import unittest


class TestLoginInBrowser(unittest.TestCase):
    layer = OIDC_FUNCTIONAL_TESTING
    level = 2

    def setUp(self):
        self.browser = BrowserPage()
        self.page = self.browser.page

    def tearDown(self):
        self.browser.close()

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
        self.browser.shot(f"oidc-{method}-1-provider-login")
        page.click("button[type=submit]")
        page.wait_for_load_state()
        if page.locator("button[type=submit]").count():  # the provider's consent page
            page.click("button[type=submit]")
            page.wait_for_load_state()
        self.browser.shot(f"oidc-{method}-2-back")
        return page.content()

    def test_bankid_reaches_the_high_assurance_page(self):
        self.assertIn("high assurance ok: idporten-loa-high", self.login("bankid"))

    def test_minid_is_refused_with_an_explanation(self):
        html = self.login("minid")
        self.assertNotIn("high assurance ok", html)
        self.assertIn("oidc-login-refused", self.page.url)
