"""Closed routes, server-side logout, single-use state, signing acr, log
escaping, write-only secrets, https issuer and the encrypted flow cookie.

Each against the real provider on loopback and the real WSGI server.
"""

from bti.portal.oidc.controlpanel import HTTPS_REQUIRED
from bti.portal.oidc.controlpanel import issuer_problem
from bti.portal.oidc.interfaces import HIGH
from bti.portal.oidc.protocol import FLOW_COOKIE
from bti.portal.testing.oidc import CLIENT_SECRET
from bti.portal.testing.oidc import OIDC_FUNCTIONAL_TESTING
from bti.portal.testing.oidc import ProviderBrowser
from bti.portal.testing.oidc import refusal_reason
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.registry.interfaces import IRegistry
from tests.family_fixture import captured_log_lines
from urllib.parse import parse_qs
from urllib.parse import urlencode
from urllib.parse import urlsplit
from zope.component import getUtility
from zope.component.hooks import setSite
from zope.i18n import translate

import requests
import time
import transaction
import unittest


JSON = {"Accept": "application/json"}
SUBSTANTIAL = "idporten-loa-substantial"
PANEL = "@controlpanels/bti-oidc-settings"


def with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return parts._replace(query=urlencode(query)).geturl()


class OIDCTestCase(unittest.TestCase):
    layer = OIDC_FUNCTIONAL_TESTING

    def setUp(self):
        setSite(self.layer["portal"])
        self.registry = getUtility(IRegistry)
        self.browser = ProviderBrowser(self.layer)
        self.site_url = self.layer["oidc_site_url"]

    def admin(self) -> requests.Session:
        http = requests.Session()
        http.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)  # Zope root admin
        http.headers.update(JSON)
        return http


class TestLibraryRoutesClosed(OIDCTestCase):
    """pas.plugins.oidc's own flow never runs on a BTI site."""

    def test_library_services_answer_404(self):
        for method, path in (
            ("GET", "@login-oidc"),
            ("GET", "@login-oidc/oidc"),
            ("POST", "@login-oidc/oidc"),
            ("GET", "@logout-oidc"),
            ("GET", "@logout-oidc/oidc"),
        ):
            with self.subTest(method=method, path=path):
                response = requests.request(
                    method,
                    f"{self.site_url}/{path}",
                    json={"code": "x", "state": "y"} if method == "POST" else None,
                    headers=JSON,
                    allow_redirects=False,
                    timeout=30,
                )
                self.assertEqual(response.status_code, 404, response.text[:300])

    def test_library_views_do_not_run_their_flow(self):
        response = requests.get(
            f"{self.browser.plugin_url}/backchannel-logout",
            allow_redirects=False,
            timeout=30,
        )
        self.assertEqual(response.status_code, 404)
        for name in ("@@login", "login", "@@callback", "@@logout", "require_login"):
            with self.subTest(name=name):
                response = requests.get(
                    f"{self.browser.plugin_url}/{name}",
                    allow_redirects=False,
                    timeout=30,
                )
                # Ours: login sends to the provider with our flow cookie, the
                # callback refuses a missing state, logout ends the session.
                self.assertNotEqual(response.status_code, 500)
                if name.endswith("login") and "require" not in name:
                    self.assertIn(FLOW_COOKIE, response.headers.get("Set-Cookie", ""))

    def test_login_options_offer_no_library_provider(self):
        response = requests.get(f"{self.site_url}/@login", headers=JSON, timeout=30)
        self.assertNotIn("@login-oidc", response.text)


class TestServerSideLogout(OIDCTestCase):
    def test_copied_session_cookie_is_worthless_after_logout(self):
        self.assertIsNone(refusal_reason(self.browser.login("forelder")))
        copied = self.browser.http.cookies.get("__ac")
        thief = requests.Session()
        thief.cookies.set("__ac", copied)
        gate = f"{self.site_url}/@@bti-oidc-test-gate"
        self.assertEqual(thief.get(gate, allow_redirects=False).status_code, 200)

        self.browser.http.get(
            f"{self.browser.plugin_url}/logout", allow_redirects=False
        )
        response = thief.get(gate, allow_redirects=False)
        self.assertEqual(response.status_code, 302)  # anonymous: sent to login
        page = thief.get(self.site_url)
        self.assertNotIn("personaltools-logout", page.text)

        # The same person logs in again: a new ticket works.
        again = ProviderBrowser(self.layer)
        self.assertIsNone(refusal_reason(again.login("forelder")))
        self.assertEqual(again.gate().status_code, 200)
        self.assertEqual(thief.get(gate, allow_redirects=False).status_code, 302)

    def test_forged_cookie_cannot_end_another_persons_sessions(self):
        self.assertIsNone(refusal_reason(self.browser.login("ungdom")))
        ticket = self.browser.http.cookies.get("__ac")
        stranger = requests.Session()
        stranger.cookies.set("__ac", ticket[:-8] + "AAAAAAA=")
        stranger.get(f"{self.browser.plugin_url}/logout", allow_redirects=False)
        self.assertEqual(self.browser.gate().status_code, 200)

    def test_plones_own_logout_ends_the_session_on_the_server_too(self):
        self.assertIsNone(refusal_reason(self.browser.login("forelder")))
        thief = requests.Session()
        thief.cookies.set("__ac", self.browser.http.cookies.get("__ac"))
        gate = f"{self.site_url}/@@bti-oidc-test-gate"
        self.assertEqual(thief.get(gate, allow_redirects=False).status_code, 200)
        self.browser.http.get(f"{self.site_url}/@@logout", allow_redirects=False)
        self.assertEqual(thief.get(gate, allow_redirects=False).status_code, 302)

    def test_plones_own_logouts_with_a_forged_ticket_end_nothing(self):
        """@@logout, REST @logout and a ticket in the query string as well."""
        self.assertIsNone(refusal_reason(self.browser.login("ungdom")))
        forged = self.browser.http.cookies.get("__ac")[:-8] + "AAAAAAA="
        for method, path, as_form in (
            ("GET", "@@logout", False),
            ("GET", "logout", False),
            ("POST", "@logout", False),
            ("GET", "@@logout", True),
        ):
            stranger = requests.Session()
            if not as_form:
                stranger.cookies.set("__ac", forged)
            stranger.request(
                method,
                f"{self.site_url}/{path}",
                params={"__ac": forged} if as_form else None,
                headers={"Accept": "application/json"} if path == "@logout" else {},
                allow_redirects=False,
                timeout=30,
            )
            with self.subTest(path=path, as_form=as_form):
                self.assertEqual(self.browser.gate().status_code, 200)


class TestStateIsSingleUse(OIDCTestCase):
    def test_replayed_callback_is_refused(self):
        callback = self.browser.authorize(self.browser.start_login(), "forelder")
        flow = self.browser.http.cookies.get(FLOW_COOKIE)
        self.assertIsNone(refusal_reason(self.browser.callback(callback)))
        replay = ProviderBrowser(self.layer)
        replay.http.cookies.set(FLOW_COOKIE, flow)
        response = replay.callback(callback)
        self.assertEqual(refusal_reason(response), "state")
        self.assertNotIn("__ac", replay.http.cookies.get_dict())

    def test_a_refused_callback_spends_its_state_too(self):
        callback = self.browser.authorize(
            self.browser.start_login(), "forelder", method="minid"
        )
        flow = self.browser.http.cookies.get(FLOW_COOKIE)
        self.assertEqual(refusal_reason(self.browser.callback(callback)), "acr")
        replay = ProviderBrowser(self.layer)
        replay.http.cookies.set(FLOW_COOKIE, flow)
        self.assertEqual(refusal_reason(replay.callback(callback)), "state")

    def test_used_states_are_dropped_after_their_time(self):
        plugin = self.layer["portal"].acl_users.oidc
        now = int(time.time())
        self.assertTrue(plugin.spend_state("a-state", now))
        self.assertFalse(plugin.spend_state("a-state", now))
        self.assertTrue(plugin.spend_state("another-state", now))
        plugin.spend_state("long-ago", 1)  # its set is dropped at once
        self.assertNotIn(0, plugin._used_states)
        self.assertLessEqual(len(plugin._used_states), 3)
        transaction.abort()


class TestSigningAcr(OIDCTestCase):
    def test_a_wider_login_list_does_not_let_substantial_sign(self):
        self.registry["bti.portal.oidc.acr_values"] = [HIGH, SUBSTANTIAL]
        transaction.commit()
        response = self.browser.login("mor", method="minid")
        self.assertIsNone(refusal_reason(response))  # reading at substantial: ok
        self.assertIn("__ac", self.browser.http.cookies.get_dict())
        gate = self.browser.gate()
        self.assertEqual(gate.status_code, 302)
        self.assertEqual(
            parse_qs(urlsplit(gate.headers["Location"]).query)["acr_values"], [HIGH]
        )
        # The gate's login asks the provider for the signing level.
        auth_url = self.browser.http.get(
            gate.headers["Location"], allow_redirects=False
        ).headers["Location"]
        self.assertEqual(parse_qs(urlsplit(auth_url).query)["acr_values"], [HIGH])
        # A BankID login passes the gate.
        bankid = ProviderBrowser(self.layer)
        self.assertIsNone(refusal_reason(bankid.login("mor")))
        self.assertEqual(bankid.gate().status_code, 200)

    def test_signing_list_accepts_only_the_high_level(self):
        http = self.admin()
        for values in ([SUBSTANTIAL], [HIGH, SUBSTANTIAL], ["idporten-loa-low"], []):
            with self.subTest(values=values):
                response = http.patch(
                    f"{self.site_url}/{PANEL}", json={"signing_acr_values": values}
                )
                self.assertEqual(response.status_code, 400, response.text)
        data = http.get(f"{self.site_url}/{PANEL}").json()["data"]
        values = [
            v["token"] if isinstance(v, dict) else v for v in data["signing_acr_values"]
        ]
        self.assertEqual(values, [HIGH])
        response = http.patch(
            f"{self.site_url}/{PANEL}", json={"signing_acr_values": [HIGH]}
        )
        self.assertEqual(response.status_code, 204, response.text)


class TestProviderErrorInLog(OIDCTestCase):
    def test_error_parameter_is_escaped_and_bounded(self):
        callback = self.browser.authorize(self.browser.start_login(), "forelder")
        forged = with_query(
            callback, error="access_denied\nFORGED LOG LINE admin logged in" + "x" * 500
        )
        with captured_log_lines() as lines:
            response = self.browser.callback(forged)
        self.assertEqual(refusal_reason(response), "token")
        text = "\n".join(lines)
        self.assertNotIn("\nFORGED LOG LINE", text)
        refused = [line for line in lines if "provider error" in line]
        self.assertEqual(len(refused), 1, lines)
        self.assertIn("\\n", refused[0])
        self.assertLess(len(refused[0]), 250)


class TestWriteOnlySecrets(OIDCTestCase):
    def setUp(self):
        super().setUp()
        self.pem = self.layer["oidc_client_private_key"]
        self.registry["bti.portal.oidc.private_key"] = self.pem
        transaction.commit()

    def tearDown(self):
        self.registry["bti.portal.oidc.private_key"] = ""
        self.registry["bti.portal.oidc.client_secret"] = CLIENT_SECRET
        transaction.commit()

    def test_rest_never_returns_the_secrets(self):
        response = self.admin().get(f"{self.site_url}/{PANEL}")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["data"]["client_secret"], "")
        self.assertEqual(response.json()["data"]["private_key"], "")
        self.assertNotIn(CLIENT_SECRET, response.text)
        self.assertNotIn("PRIVATE KEY", response.text)
        self.assertEqual(response.json()["data"]["client_id"], "bti-portal")

    def test_rest_blank_keeps_and_a_value_replaces(self):
        """Seen from the provider: the kept secret logs in, a new one does not."""
        http = self.admin()
        url = f"{self.site_url}/{PANEL}"
        response = http.patch(
            url,
            json={"client_secret": "", "private_key": "", "client_id": "bti-portal"},
        )
        self.assertEqual(response.status_code, 204, response.text)
        self.assertIsNone(refusal_reason(ProviderBrowser(self.layer).login("ansatt")))
        response = http.patch(url, json={"client_secret": "a-new-secret"})
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(
            refusal_reason(ProviderBrowser(self.layer).login("ansatt")), "token"
        )

    def test_classic_form_never_shows_the_secrets(self):
        response = self.admin().get(
            f"{self.site_url}/@@bti-oidc-settings", headers={"Accept": "text/html"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("form.widgets.client_secret", response.text)
        self.assertNotIn(CLIENT_SECRET, response.text)
        self.assertNotIn("PRIVATE KEY", response.text)
        self.assertIn("La feltet stå tomt", response.text)  # the site is in nb


class TestHttpsIssuer(OIDCTestCase):
    def tearDown(self):
        self.registry["bti.portal.oidc.issuer"] = self.layer["oidc_issuer"]
        self.registry["bti.portal.oidc.demo_mode"] = False
        transaction.commit()

    def issuer(self) -> str:
        http = self.admin()
        return http.get(f"{self.site_url}/{PANEL}").json()["data"]["issuer"]

    def test_http_issuer_needs_demo_mode(self):
        http = self.admin()
        url = f"{self.site_url}/{PANEL}"
        for issuer in ("http://idp.example.org", "HTTP://idp.example.org", "ftp://x"):
            with self.subTest(issuer=issuer):
                response = http.patch(url, json={"issuer": issuer})
                self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(self.issuer(), self.layer["oidc_issuer"])
        ok = http.patch(url, json={"issuer": "https://idp.example.org"})
        self.assertEqual(ok.status_code, 204, ok.text)
        self.assertEqual(self.issuer(), "https://idp.example.org")
        demo = http.patch(
            url, json={"issuer": "http://idp.example.org", "demo_mode": True}
        )
        self.assertEqual(demo.status_code, 204, demo.text)
        self.assertEqual(self.issuer(), "http://idp.example.org")

    def test_the_message_in_nb_nn_en(self):
        for language, words in (
            ("en", "only in demo mode"),
            ("nb", "bare tillatt i demomodus"),
            ("nn", "berre tillaten i demomodus"),
        ):
            with self.subTest(language=language):
                text = translate(HTTPS_REQUIRED, target_language=language)
                self.assertIn(words, text)
        self.assertIsNone(issuer_problem("https://idp.example.org", False))
        self.assertIsNone(issuer_problem("http://127.0.0.1:9876", True))
        self.assertEqual(
            issuer_problem("http://idp.example.org", False), HTTPS_REQUIRED
        )


class TestFlowCookie(OIDCTestCase):
    def test_flow_cookie_is_opaque_and_scoped_to_the_plugin(self):
        auth_url = self.browser.start_login(
            "?came_from=" + self.site_url + "/secret-page"
        )
        query = parse_qs(urlsplit(auth_url).query)
        cookie = next(c for c in self.browser.http.cookies if c.name == FLOW_COOKIE)
        self.assertEqual(cookie.path, urlsplit(self.browser.plugin_url).path)
        self.assertFalse(cookie.value.strip('"').startswith("eyJ"))  # not JSON
        for secret in (query["state"][0], query["nonce"][0], "secret-page"):
            self.assertNotIn(secret, cookie.value)
        # and the login still works with it
        callback = self.browser.authorize(auth_url, "forelder")
        response = self.browser.callback(callback)
        self.assertIsNone(refusal_reason(response))
        self.assertTrue(response.headers["Location"].endswith("/secret-page"))
