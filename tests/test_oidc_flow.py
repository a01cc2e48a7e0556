"""OIDC login against a real OpenID provider on loopback: the good paths."""

from bti.portal.oidc.protocol import FLOW_COOKIE
from bti.portal.testing.oidc import OIDC_FUNCTIONAL_TESTING
from bti.portal.testing.oidc import ProviderBrowser
from bti.portal.testing.oidc import refusal_reason
from bti.portal.testing.oidc import TEST_PEOPLE
from plone.registry.interfaces import IRegistry
from urllib.parse import parse_qs
from urllib.parse import urlsplit
from zope.component import getUtility
from zope.component.hooks import setSite

import logging
import transaction
import unittest


class TestOIDCFlow(unittest.TestCase):
    layer = OIDC_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setSite(self.portal)
        self.browser = ProviderBrowser(self.layer)

    def plugin(self):
        transaction.begin()  # see what the server committed
        return self.portal.acl_users.oidc

    def test_authorization_request_has_pkce_state_nonce_acr(self):
        query = parse_qs(urlsplit(self.browser.start_login()).query)
        self.assertEqual(query["code_challenge_method"], ["S256"])
        self.assertEqual(len(query["code_challenge"][0]), 43)
        self.assertGreaterEqual(len(query["state"][0]), 40)
        self.assertGreaterEqual(len(query["nonce"][0]), 40)
        self.assertEqual(query["acr_values"], ["idporten-loa-high"])
        self.assertIn("openid", query["scope"][0].split())

    def test_flow_cookie_flags(self):
        response = self.browser.http.get(
            f"{self.browser.plugin_url}/login", allow_redirects=False
        )
        cookie = response.headers["Set-Cookie"]
        self.assertIn(FLOW_COOKIE, cookie)
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Lax", cookie)
        self.assertNotIn("Secure", cookie)  # the test site runs on http
        getUtility(IRegistry)["bti.portal.oidc.secure_cookies"] = True
        transaction.commit()
        response = self.browser.http.get(
            f"{self.browser.plugin_url}/login", allow_redirects=False
        )
        self.assertIn("Secure", response.headers["Set-Cookie"])

    def test_full_login_guardian(self):
        response = self.browser.login("forelder")
        self.assertIsNone(refusal_reason(response), response.headers.get("Location"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response.headers["Location"].startswith(self.browser.site_url))
        session_cookie = [
            c
            for c in response.headers["Set-Cookie"].split(", ")
            if c.startswith("__ac=")
        ]
        self.assertTrue(session_cookie, response.headers["Set-Cookie"])
        self.assertIn("HttpOnly", session_cookie[0])
        self.assertIn("SameSite=Lax", session_cookie[0])
        gate = self.browser.gate()
        self.assertEqual(gate.status_code, 200, gate.headers)
        self.assertEqual(gate.text, "high assurance ok: idporten-loa-high")

        plugin = self.plugin()
        userids = plugin.userids_for_pid(TEST_PEOPLE["forelder"])
        self.assertEqual(len(userids), 1)
        user = self.portal.acl_users.getUserById(userids[0])
        self.assertEqual(user.getProperty("fullname"), "Frida Forelder")
        me = self.browser.http.get(
            f"{self.browser.site_url}/@users/{userids[0]}",
            headers={"Accept": "application/json"},
        )
        self.assertEqual(me.status_code, 200, me.text)
        self.assertEqual(me.json()["id"], userids[0])

    def test_same_person_same_user_id(self):
        self.browser.login("ungdom")
        other = ProviderBrowser(self.layer)
        other.login("ungdom")
        self.assertEqual(len(self.plugin().userids_for_pid(TEST_PEOPLE["ungdom"])), 1)

    def test_pid_is_never_user_id_property_or_logged(self):
        records: list[logging.LogRecord] = []
        handler = logging.Handler(level=logging.DEBUG)
        handler.emit = records.append
        root = logging.getLogger()
        old_level = root.level
        root.addHandler(handler)
        root.setLevel(logging.DEBUG)
        try:
            for username in TEST_PEOPLE:
                ProviderBrowser(self.layer).login(username)
        finally:
            root.removeHandler(handler)
            root.setLevel(old_level)
        log_text = "\n".join(record.getMessage() for record in records)
        self.assertIn("OIDC login of u-", log_text)
        pas = self.plugin().aq_parent
        for username, pid in TEST_PEOPLE.items():
            with self.subTest(username):
                self.assertNotIn(pid, log_text)
                (userid,) = self.plugin().userids_for_pid(pid)
                self.assertTrue(userid.startswith("u-"))
                self.assertNotIn(pid, userid)
                user = pas.getUserById(userid)
                for sheet_id in user.listPropertysheets():
                    sheet = user.getPropertysheet(sheet_id)
                    values = repr([sheet.getProperty(p) for p in sheet.propertyIds()])
                    self.assertNotIn(pid, values)
                self.assertNotIn(pid, repr(pas.mutable_properties._storage.get(userid)))
                self.assertNotIn(
                    pid, repr(list(self.plugin()._pid_hash_by_userid.items()))
                )
                self.assertNotIn(
                    pid, repr(list(self.plugin()._userids_by_pid_hash.items()))
                )

    def test_userinfo_adds_profile_claims(self):
        callback = self.browser.authorize(self.browser.start_login(), "ansatt")
        self.browser.tamper_next(target="userinfo", claims={"locale": "nn"})
        self.assertIsNone(refusal_reason(self.browser.callback(callback)))
        self.assertEqual(
            self.browser.gate().text, "high assurance ok: idporten-loa-high"
        )

    def test_userinfo_that_contradicts_the_id_token_refuses_the_login(self):
        """A userinfo answer never replaces identity: a changed pid, acr or sub
        means the provider contradicts itself, and the login is refused."""
        for claims in (
            {"pid": "01010199999"},
            {"acr": "idporten-loa-substantial"},
            {"sub": "sub-guardian-4f1c", "pid": "01010199999"},
        ):
            with self.subTest(claims=claims):
                browser = ProviderBrowser(self.layer)
                callback = browser.authorize(browser.start_login(), "ansatt")
                browser.tamper_next(target="userinfo", claims=claims)
                self.assertEqual(refusal_reason(browser.callback(callback)), "id_token")
                self.assertNotIn("__ac", browser.http.cookies.get_dict())
                self.assertEqual(self.plugin().userids_for_pid("01010199999"), ())

    def test_client_secret_post(self):
        getUtility(IRegistry)["bti.portal.oidc.client_id"] = "bti-portal-post"
        getUtility(IRegistry)["bti.portal.oidc.token_endpoint_auth_method"] = (
            "client_secret_post"
        )
        transaction.commit()
        self.assertIsNone(refusal_reason(self.browser.login("ansatt")))
        self.assertEqual(self.browser.gate().status_code, 200)

    def test_private_key_jwt(self):
        registry = getUtility(IRegistry)
        registry["bti.portal.oidc.client_id"] = "bti-portal-pkjwt"
        registry["bti.portal.oidc.token_endpoint_auth_method"] = "private_key_jwt"
        registry["bti.portal.oidc.private_key"] = self.layer["oidc_client_private_key"]
        registry["bti.portal.oidc.private_key_id"] = "bti-test-client-key"
        registry["bti.portal.oidc.client_secret"] = ""
        transaction.commit()
        self.assertIsNone(refusal_reason(self.browser.login("ansatt")))
        self.assertEqual(self.browser.gate().status_code, 200)

    def test_gate_sends_anonymous_to_login_with_acr_values(self):
        response = self.browser.gate()
        self.assertEqual(response.status_code, 302)
        location = response.headers["Location"]
        self.assertTrue(location.startswith(f"{self.browser.plugin_url}/login?"))
        self.assertEqual(
            parse_qs(urlsplit(location).query)["acr_values"], ["idporten-loa-high"]
        )

    def test_protected_page_challenges_through_the_provider(self):
        http = self.browser.http
        response = http.get(
            f"{self.browser.site_url}/@@bti-oidc-settings", allow_redirects=False
        )
        self.assertEqual(response.status_code, 302)
        location = response.headers["Location"]
        self.assertIn("/acl_users/oidc/require_login?came_from=", location)
        response = http.get(location, allow_redirects=False)
        self.assertTrue(
            response.headers["Location"].startswith(f"{self.browser.plugin_url}/login")
        )
        auth_url = http.get(response.headers["Location"], allow_redirects=False)
        self.assertTrue(auth_url.headers["Location"].startswith(self.browser.issuer))

    def test_logout_ends_session_and_calls_end_session(self):
        self.browser.login("forelder")
        self.assertEqual(self.browser.gate().status_code, 200)
        response = self.browser.http.get(
            f"{self.browser.plugin_url}/logout", allow_redirects=False
        )
        self.assertEqual(response.status_code, 302)
        location = response.headers["Location"]
        self.assertTrue(
            location.startswith(f"{self.browser.issuer}/session/end?"), location
        )
        query = parse_qs(urlsplit(location).query)
        self.assertEqual(query["post_logout_redirect_uri"], [self.browser.site_url])
        self.assertEqual(query["client_id"], ["bti-portal"])
        self.assertNotIn("__ac", self.browser.http.cookies.get_dict())
        self.assertEqual(self.browser.gate().status_code, 302)
        end = self.browser.http.get(location)
        self.assertEqual(end.status_code, 200)  # the provider's logout confirmation
