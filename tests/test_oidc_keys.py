"""The provider's signing keys: the cache follows its JWKS.

The test provider rotates its keys on POST /__test/rotate: a new key signs
and is published; with drop_old the old key leaves the JWKS. A token signed
by the new key is accepted (an unknown kid refetches the JWKS); a token
signed by a dropped key is refused once the JWKS was fetched again.
"""

from bti.portal.oidc import protocol
from bti.portal.testing.oidc import OIDC_FUNCTIONAL_TESTING
from bti.portal.testing.oidc import ProviderBrowser
from bti.portal.testing.oidc import refusal_reason
from zope.component.hooks import setSite

import unittest


class TestKeyRotation(unittest.TestCase):
    layer = OIDC_FUNCTIONAL_TESTING

    def setUp(self):
        setSite(self.layer["portal"])
        self.browser = ProviderBrowser(self.layer)
        self.min_refetch = protocol.JWKS_MIN_REFETCH
        self.max_age = protocol.JWKS_MAX_AGE
        protocol.forget_metadata()

    def tearDown(self):
        self.browser.rotate_keys(reset=True)
        protocol.JWKS_MIN_REFETCH = self.min_refetch
        protocol.JWKS_MAX_AGE = self.max_age
        protocol.forget_metadata()

    def login(self, **tamper):
        browser = ProviderBrowser(self.layer)
        callback = browser.authorize(browser.start_login(), "forelder")
        if tamper:
            browser.tamper_next(**tamper)
        return browser, browser.callback(callback)

    def key_set(self):
        issuer = self.layer["oidc_issuer"]
        return protocol.key_set(protocol.discover(issuer)["jwks_uri"])

    def test_new_key_accepted_dropped_key_refused(self):
        _browser, response = self.login()
        self.assertIsNone(refusal_reason(response))  # op-key-1 cached
        protocol.JWKS_MIN_REFETCH = 0
        self.browser.rotate_keys(drop_old=True)

        browser, response = self.login()  # signed with the new key
        self.assertIsNone(refusal_reason(response), response.headers.get("Location"))
        self.assertEqual(browser.gate().status_code, 200)
        self.assertNotIn("op-key-1", self.key_set().keys)

        browser, response = self.login(sign_kid="op-key-1")  # the dropped key
        self.assertEqual(refusal_reason(response), "id_token")
        self.assertNotIn("__ac", browser.http.cookies.get_dict())

    def test_old_key_still_published_is_accepted(self):
        self.assertIsNone(refusal_reason(self.login()[1]))
        protocol.JWKS_MIN_REFETCH = 0
        self.browser.rotate_keys(drop_old=False)
        self.assertIsNone(refusal_reason(self.login()[1]))
        self.assertIsNone(refusal_reason(self.login(sign_kid="op-key-1")[1]))

    def test_cache_lifetime_drops_a_key_without_an_unknown_kid(self):
        self.assertIsNone(refusal_reason(self.login()[1]))
        self.browser.rotate_keys(drop_old=True)
        # Within the lifetime the cached key is still trusted...
        self.assertIsNone(refusal_reason(self.login(sign_kid="op-key-1")[1]))
        # ...after it, the set is fetched again and the dropped key is gone.
        protocol.JWKS_MAX_AGE = 0
        _browser, response = self.login(sign_kid="op-key-1")
        self.assertEqual(refusal_reason(response), "id_token")

    def test_unknown_kids_refetch_at_most_once_per_interval(self):
        self.assertIsNone(refusal_reason(self.login()[1]))
        keys = self.key_set()
        fetches = keys.fetches
        for _attempt in range(3):
            response = self.login(kid="no-such-key")[1]
            self.assertEqual(refusal_reason(response), "id_token")
        self.assertLessEqual(keys.fetches - fetches, 1)
        # A new key within the interval is not fetched yet: refused, not trusted.
        self.browser.rotate_keys(drop_old=True)
        self.assertEqual(refusal_reason(self.login()[1]), "id_token")
        protocol.JWKS_MIN_REFETCH = 0
        self.assertIsNone(refusal_reason(self.login()[1]))
