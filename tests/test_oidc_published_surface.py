"""Nothing of the OIDC PAS plugin or the password gate answers on the web.

The plugin's methods (login_person, userid_for, userids_for_pid, ...) once
had docstrings and no security declarations, so Zope published them: an
anonymous GET could log in as anyone. Each is requested here anonymously
and must be refused without a session.
"""

from bti.portal.testing.oidc import OIDC_FUNCTIONAL_TESTING
from bti.portal.testing.oidc import ProviderBrowser

import unittest


FORGED_CLAIMS = {
    "claims.iss:record": "https://forged.example",
    "claims.sub:record": "x",
    "claims.acr:record": "idporten-loa-high",
    "claims.pid:record": "01010112345",
}

PLUGIN_CALLS = {
    "login_person": FORGED_CLAIMS,
    "userid_for": {"issuer": "https://forged.example", "subject": "x"},
    "userids_for_pid": {"pid": "01010112345"},
    "userids_for_pid_hash": {"hashed": "0" * 64},
    "pid_hash_of": {"userid": "admin"},
    "getProperty": {"id": "client_secret"},
    "rememberIdentity": {"userinfo.sub:record": "x"},
    "user_can_login": {"userinfo.sub:record": "x"},
    "get_redirect_uris": {},
    "get_scopes": {},
    "is_configured": {},
    "challenge": {},
}


class TestPublishedSurface(unittest.TestCase):
    layer = OIDC_FUNCTIONAL_TESTING

    def setUp(self):
        self.browser = ProviderBrowser(self.layer)

    def assertNoSession(self):
        self.assertNotIn("__ac", self.browser.http.cookies.get_dict())
        self.assertNotEqual(self.browser.gate().status_code, 200)

    def test_plugin_methods_are_not_published(self):
        for name, query in PLUGIN_CALLS.items():
            for method in ("GET", "POST"):
                with self.subTest(name=name, method=method):
                    response = self.browser.http.request(
                        method,
                        f"{self.browser.plugin_url}/{name}",
                        params=query,
                        allow_redirects=False,
                    )
                    self.assertIn(
                        response.status_code, (302, 401, 403, 404), response.text
                    )
                    if response.status_code == 302:  # the challenge: log in
                        self.assertRegex(
                            response.headers["Location"], r"/(require_)?login"
                        )
                    self.assertNotIn("u-", response.text)
                    self.assertNoSession()

    def test_password_gate_is_not_published(self):
        gate = f"{self.browser.site_url}/acl_users/bti_password_gate"
        response = self.browser.http.get(
            f"{gate}/authenticateCredentials",
            params={"credentials.login:record": "admin"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 401, 403, 404))
        self.assertNoSession()
