"""Logout sends the session's ID token as id_token_hint; the provider accepts it.

The raw ID token (it carries the pid) is kept only in an encrypted, HttpOnly
cookie scoped to acl_users/oidc, and deleted at logout.
"""

from bti.portal.oidc.id_token_cookie import COOKIE
from bti.portal.testing.oidc import OIDC_FUNCTIONAL_TESTING
from bti.portal.testing.oidc import ProviderBrowser
from bti.portal.testing.oidc import refusal_reason
from bti.portal.testing.oidc import TEST_PEOPLE
from tests.family_fixture import captured_log_lines
from urllib.parse import parse_qs
from urllib.parse import urlencode
from urllib.parse import urlsplit
from urllib.parse import urlunsplit
from zope.component.hooks import setSite

import html
import jwt
import re
import unittest


class TestLogoutHint(unittest.TestCase):
    layer = OIDC_FUNCTIONAL_TESTING

    def setUp(self):
        setSite(self.layer["portal"])
        self.browser = ProviderBrowser(self.layer)

    def login(self):
        response = self.browser.login("forelder")
        self.assertIsNone(refusal_reason(response))
        return response

    def logout_location(self) -> str:
        response = self.browser.http.get(
            f"{self.browser.plugin_url}/logout", allow_redirects=False
        )
        self.assertEqual(response.status_code, 302)
        return response.headers["Location"]

    def test_id_token_cookie_is_encrypted_and_scoped_to_the_plugin(self):
        response = self.login()
        header = response.headers["Set-Cookie"]
        self.assertIn(f"{COOKIE}=", header)
        cookie = next(c for c in self.browser.http.cookies if c.name == COOKIE)
        self.assertEqual(cookie.path, urlsplit(self.browser.plugin_url).path)
        self.assertTrue(cookie.has_nonstandard_attr("HttpOnly"), header)
        self.assertFalse(cookie.value.startswith("eyJ"))  # not a readable JWT
        self.assertNotIn(TEST_PEOPLE["forelder"], cookie.value)

    def test_provider_accepts_the_logout_with_the_hint(self):
        with captured_log_lines() as lines:
            self.login()
            location = self.logout_location()
        query = parse_qs(urlsplit(location).query)
        hint = query["id_token_hint"][0]
        claims = jwt.decode(hint, options={"verify_signature": False})
        self.assertEqual(claims["aud"], "bti-portal")
        self.assertEqual(claims["pid"], TEST_PEOPLE["forelder"])
        self.assertNotIn(hint, "\n".join(lines))
        self.assertNotIn(COOKIE, self.browser.http.cookies.get_dict())

        page = self.browser.http.get(location)
        self.assertEqual(page.status_code, 200, page.text)  # the provider's logout page
        xsrf = re.search(r'name="xsrf" value="([^"]+)"', page.text).group(1)
        action = html.unescape(re.search(r'action="([^"]+)"', page.text).group(1))
        done = self.browser.http.post(
            action if action.startswith("http") else f"{self.browser.issuer}{action}",
            data={"xsrf": xsrf, "logout": "yes"},
            allow_redirects=False,
        )
        self.assertIn(done.status_code, (302, 303), done.text)
        self.assertEqual(done.headers["Location"], self.browser.site_url)

    def test_provider_refuses_an_altered_hint(self):
        self.login()
        location = self.logout_location()
        parts = urlsplit(location)
        query = parse_qs(parts.query)
        header, payload, signature = query["id_token_hint"][0].split(".")
        query["id_token_hint"] = [f"{header}.{payload}.{signature[:-4]}AAAA"]
        altered = urlunsplit(parts._replace(query=urlencode(query, doseq=True)))
        self.assertEqual(self.browser.http.get(altered).status_code, 400)

    def test_logout_without_a_login_sends_no_hint(self):
        query = parse_qs(urlsplit(self.logout_location()).query)
        self.assertNotIn("id_token_hint", query)
        self.assertEqual(query["client_id"], ["bti-portal"])
