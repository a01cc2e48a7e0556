"""Demo mode off: local password logins on the site are refused; on: allowed."""

from bti.portal.testing.oidc import OIDC_FUNCTIONAL_TESTING
from bti.portal.testing.oidc import ProviderBrowser
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import TEST_USER_PASSWORD
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
from zope.component.hooks import setSite

import requests
import transaction
import unittest


JSON = {"Accept": "application/json"}


class TestDemoMode(unittest.TestCase):
    layer = OIDC_FUNCTIONAL_TESTING

    def setUp(self):
        setSite(self.layer["portal"])
        self.site_url = self.layer["oidc_site_url"]

    def restapi_login(self) -> int:
        return requests.post(
            f"{self.site_url}/@login",
            json={"login": TEST_USER_NAME, "password": TEST_USER_PASSWORD},
            headers=JSON,
            timeout=30,
        ).status_code

    def basic_auth(self) -> int:
        return requests.get(
            f"{self.site_url}/@users/{TEST_USER_ID}",
            auth=(TEST_USER_NAME, TEST_USER_PASSWORD),
            headers=JSON,
            timeout=30,
        ).status_code

    def form_login(self) -> bool:
        session = requests.Session()
        session.post(
            f"{self.site_url}/login",
            data={
                "__ac_name": TEST_USER_NAME,
                "__ac_password": TEST_USER_PASSWORD,
                "buttons.login": "Log in",
                "came_from": "",
            },
            timeout=30,
        )
        return "__ac" in session.cookies.get_dict()

    def test_demo_mode_off_refuses_local_passwords(self):
        self.assertEqual(self.restapi_login(), 401)
        self.assertEqual(self.basic_auth(), 401)
        self.assertFalse(self.form_login())

    def test_demo_mode_on_allows_local_passwords(self):
        getUtility(IRegistry)["bti.portal.oidc.demo_mode"] = True
        transaction.commit()
        self.assertEqual(self.restapi_login(), 200)
        self.assertEqual(self.basic_auth(), 200)
        self.assertTrue(self.form_login())

    def test_zope_root_admin_still_logs_in(self):
        response = requests.get(
            f"{self.site_url}/@controlpanels/bti-oidc-settings",
            auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            headers=JSON,
            timeout=30,
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn("acr_values", response.text)

    def test_oidc_login_works_with_demo_mode_off(self):
        browser = ProviderBrowser(self.layer)
        browser.login("ansatt")
        self.assertEqual(browser.gate().status_code, 200)

    def test_password_session_is_not_high_assurance(self):
        getUtility(IRegistry)["bti.portal.oidc.demo_mode"] = True
        transaction.commit()
        response = requests.get(
            f"{self.site_url}/@@bti-oidc-test-gate",
            auth=(TEST_USER_NAME, TEST_USER_PASSWORD),
            allow_redirects=False,
            timeout=30,
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn("acr_values=idporten-loa-high", response.headers["Location"])

    def test_refusal_page_in_bokmal(self):
        response = requests.get(
            f"{self.site_url}/@@oidc-login-refused?reason=acr", timeout=30
        )
        self.assertEqual(response.status_code, 403)
        self.assertIn("høyt sikkerhetsnivå", response.text)
        self.assertIn("Innlogging avvist", response.text)
