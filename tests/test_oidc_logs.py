"""No log line ever holds a token, a claim or a national id.

Every log record of the process (test and WSGI server threads) is captured
on the root logger while people log in, are refused, hit the closed library
routes and log out; then no line may contain a pid of the test people, an
ID token or access token the provider issued, or the people's names.
"""

from bti.portal.testing.oidc import FAMILY_PEOPLE
from bti.portal.testing.oidc import OIDC_FUNCTIONAL_TESTING
from bti.portal.testing.oidc import ProviderBrowser
from bti.portal.testing.oidc import refusal_reason
from bti.portal.testing.oidc import TEST_PEOPLE
from tests.family_fixture import captured_log_lines
from zope.component.hooks import setSite

import logging
import re
import requests
import unittest


PIDS = [
    *TEST_PEOPLE.values(),
    *(pid for pid, _given, _family in FAMILY_PEOPLE.values()),
]
NAMES = [name for _pid, *names in FAMILY_PEOPLE.values() for name in names]


JWT = re.compile(r"eyJ[\w-]{8,}\.[\w-]+")


def whole_word(name: str) -> re.Pattern:
    """``name`` not inside a longer run of URL-safe characters (a base64url
    nonce, state or code is random and may hold any three letters)."""
    return re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(name)}(?![A-Za-z0-9_-])")


class TestNothingSecretInLogs(unittest.TestCase):
    layer = OIDC_FUNCTIONAL_TESTING

    def setUp(self):
        setSite(self.layer["portal"])
        self.site_url = self.layer["oidc_site_url"]

    def test_logins_refusals_and_logouts_log_no_token_claim_or_pid(self):
        issued: list[str] = []
        with captured_log_lines() as lines:
            for username in FAMILY_PEOPLE:
                browser = ProviderBrowser(self.layer)
                self.assertIsNone(refusal_reason(browser.login(username)))
                tokens = browser.last_tokens()
                issued += [tokens["id_token"], tokens["access_token"]]
                browser.http.get(f"{browser.plugin_url}/logout", allow_redirects=False)
            browser = ProviderBrowser(self.layer)
            self.assertEqual(refusal_reason(browser.login("mor", "minid")), "acr")
            for change in (
                {"duplicate": {"pid": "23078131160"}},
                {"claims": {"pid": "1203854017"}},
                {"claims": {"nonce": "x"}},
                {"target": "userinfo", "claims": {"pid": "12038540171"}},
            ):
                browser = ProviderBrowser(self.layer)
                callback = browser.authorize(browser.start_login(), "far")
                browser.tamper_next(**change)
                self.assertIsNotNone(refusal_reason(browser.callback(callback)))
            for path in ("@login-oidc/oidc", "@logout-oidc"):
                requests.post(
                    f"{self.site_url}/{path}",
                    json={"code": "x", "state": "y"},
                    headers={"Accept": "application/json"},
                    timeout=30,
                )
        self.assertTrue(lines)
        text = "\n".join(lines)
        for secret in [*PIDS, *issued, "23078131160"]:
            self.assertNotIn(secret, text)
        for name in NAMES:  # a word: "Far" may sit inside a random state or code
            self.assertIsNone(whole_word(name).search(text), name)
        # A JWT's JSON header and payload ("eyJ" alone may sit inside the
        # provider's random interaction ids).
        self.assertIsNone(JWT.search(text))


class TestLogGuard(unittest.TestCase):
    """The filter on the login's loggers rewrites what would leak."""

    def test_tokens_and_pids_are_redacted_before_any_handler(self):
        token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
        with captured_log_lines() as lines:
            for name in ("pas.plugins.oidc", "bti.portal.oidc", "oic.oic", "urllib3"):
                logging.getLogger(name).error(
                    "token response %s",
                    {"id_token": token, "access_token": "opaque-abc", "pid": "x"},
                )
                logging.getLogger(name).warning("person %s", "12038540171")
                try:
                    raise ValueError(f"bad token {token}")
                except ValueError:
                    logging.getLogger(name).exception("failed")
        text = "\n".join(lines)
        self.assertNotIn(token, text)
        self.assertNotIn("opaque-abc", text)
        self.assertNotIn("12038540171", text)
        self.assertIn("[token]", text)
        self.assertIn("[number]", text)
