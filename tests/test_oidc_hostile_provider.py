"""A hostile provider: ID tokens signed and shaped wrongly in many ways.

The test provider's tamper hook (tests/oidc_provider/provider.mjs) changes
its next token, userinfo, discovery or JWKS answer; each case below runs a
whole login through it and must end refused, with no Plone session and no
high assurance. A control case (re-signed, valid) must pass, so the
refusals come from our checks, not from the hook.
"""

from bti.portal.oidc import protocol
from bti.portal.testing.oidc import CLIENT_ID
from bti.portal.testing.oidc import OIDC_FUNCTIONAL_TESTING
from bti.portal.testing.oidc import ProviderBrowser
from bti.portal.testing.oidc import refusal_reason
from urllib.parse import parse_qs
from urllib.parse import urlsplit
from zope.component.hooks import setSite

import requests
import time
import unittest


HIGH = "idporten-loa-high"
SUBSTANTIAL = "idporten-loa-substantial"


NONCE = "{nonce}"  # run_case puts the login's own nonce here


def cases(issuer: str) -> dict[str, dict]:
    """Case name -> {"token"|"userinfo"|"discovery"|"jwks": change, "rotate": ...}."""
    now = int(time.time())
    evil = f"{issuer}/__test/evil-jwks"
    foreign = {"foreign_key": True, "kid": "evil"}
    return {
        # signature and algorithm
        "alg none": {"token": {"alg": "none"}},
        "HS256 keyed with the provider's public key": {
            "token": {"alg": "HS256-pubkey"}
        },
        "RS512 with the provider's key": {"token": {"alg": "RS512"}},
        "PS256 with the provider's key": {"token": {"alg": "PS256"}},
        "ES256 with a foreign key": {"token": {"alg": "ES256"}},
        "foreign key under the provider's kid": {"token": {"foreign_key": True}},
        "unknown kid": {"token": {"kid": "no-such-key"}},
        "no kid": {"token": {"kid": None}},
        "kid of a dropped key": {"rotate": True, "token": {"sign_kid": "op-key-1"}},
        "jku header to the attacker's JWKS": {
            "token": {**foreign, "header": {"jku": evil}}
        },
        "x5u header to the attacker's certificate": {
            "token": {**foreign, "header": {"x5u": f"{issuer}/__test/evil.pem"}}
        },
        "jwk header with the attacker's key": {
            "token": {**foreign, "header_jwk": True}
        },
        "jku header on a token the provider signed": {
            "token": {"header": {"jku": evil}}
        },
        "crit header": {"token": {"header": {"crit": ["x-bti"], "x-bti": 1}}},
        # missing, repeated and wrong claims
        "sub missing": {"token": {"remove": ["sub"]}},
        "iss missing": {"token": {"remove": ["iss"]}},
        "aud missing": {"token": {"remove": ["aud"]}},
        "exp missing": {"token": {"remove": ["exp"]}},
        "iat missing": {"token": {"remove": ["iat"]}},
        "sub twice": {"token": {"duplicate": {"sub": "sub-guardian-4f1c"}}},
        "pid twice": {"token": {"duplicate": {"pid": "23078131160"}}},
        "acr twice": {"token": {"duplicate": {"acr": HIGH}}},
        "aud array without azp": {"token": {"claims": {"aud": [CLIENT_ID, "other"]}}},
        "azp of another client": {"token": {"claims": {"azp": "other-client"}}},
        "iss with a trailing slash": {"token": {"claims": {"iss": f"{issuer}/"}}},
        "iss in other case": {"token": {"claims": {"iss": issuer.upper()}}},
        "iss of another provider": {
            "token": {"claims": {"iss": "https://evil.example"}}
        },
        "exp in the past": {"token": {"claims": {"exp": now - 120}}},
        "exp not a number": {"token": {"claims": {"exp": "tomorrow"}}},
        "nbf in the future": {"token": {"claims": {"nbf": now + 600}}},
        "iat far in the future": {"token": {"claims": {"iat": now + 3600}}},
        "iat far in the past": {"token": {"claims": {"iat": now - 86400}}},
        "nonce missing": {"token": {"remove": ["nonce"]}},
        "nonce of another login": {"token": {"claims": {"nonce": "x" * 43}}},
        "nonce as an array": {"token": {"claims": {"nonce": [NONCE]}}},
        "acr missing": {"token": {"remove": ["acr"]}},
        "acr substantial": {"token": {"claims": {"acr": SUBSTANTIAL}}},
        "acr as an array": {"token": {"claims": {"acr": [HIGH]}}},
        "sub empty": {"token": {"claims": {"sub": ""}}},
        "sub not a string": {"token": {"claims": {"sub": 12345}}},
        "sub very long": {"token": {"claims": {"sub": "s" * 5000}}},
        "pid malformed": {"token": {"claims": {"pid": "1203854017"}}},
        "pid not a string": {"token": {"claims": {"pid": 12038540171}}},
        # the token's form
        "ID token in a JWE": {"token": {"jwe": True}},
        "garbage base64": {"token": {"garbage": True}},
        "huge ID token": {"token": {"huge": 300_000}},
        # userinfo
        "userinfo of another sub": {"userinfo": {"claims": {"sub": "sub-other"}}},
        "userinfo overriding pid": {"userinfo": {"claims": {"pid": "23078131160"}}},
        "userinfo overriding acr": {"userinfo": {"claims": {"acr": SUBSTANTIAL}}},
        # token endpoint, discovery and JWKS
        "token endpoint answers HTML": {
            "token": {
                "response": {"status": 200, "content_type": "html", "body": "<p>hi</p>"}
            }
        },
        "token endpoint answers 500": {
            "token": {"response": {"status": 500, "body": {"error": "server_error"}}}
        },
        "token endpoint redirects": {
            "token": {
                "response": {"status": 302, "location": "{issuer}/__test/echo-token"}
            }
        },
        "discovery names another issuer": {
            "discovery": {"metadata": {"issuer": "https://evil.example"}}
        },
        "JWKS with a duplicate kid": {
            "jwks": {"duplicate_kid": True},
            "token": {"foreign_key": True},
        },
    }


class TestHostileProvider(unittest.TestCase):
    layer = OIDC_FUNCTIONAL_TESTING

    def setUp(self):
        setSite(self.layer["portal"])
        self.issuer = self.layer["oidc_issuer"]
        self.browser = ProviderBrowser(self.layer)
        self.min_refetch = protocol.JWKS_MIN_REFETCH

    def tearDown(self):
        self.post("tamper", None)
        self.post("rotate", {"reset": True})
        protocol.JWKS_MIN_REFETCH = self.min_refetch
        protocol.forget_metadata()

    def post(self, hook: str, body) -> None:
        requests.post(
            f"{self.issuer}/__test/{hook}", json=body, timeout=5
        ).raise_for_status()

    def run_case(self, case: dict, browser: ProviderBrowser) -> requests.Response:
        protocol.forget_metadata()
        auth_url = browser.start_login()
        nonce = parse_qs(urlsplit(auth_url).query)["nonce"][0]
        callback = browser.authorize(auth_url, "forelder")
        self.post("tamper", None)
        if case.get("token", {}).get("claims", {}).get("nonce") == [NONCE]:
            case = {"token": {"claims": {"nonce": [nonce]}}}
        if case.get("rotate"):
            protocol.JWKS_MIN_REFETCH = 0
            self.post("rotate", {"drop_old": True})
        for target in ("discovery", "jwks", "userinfo", "token"):
            if target in case:
                self.post("tamper", {**case[target], "target": target})
        protocol.forget_metadata()  # discovery and JWKS are read anew
        try:
            return browser.callback(callback)
        finally:
            self.post("tamper", None)
            self.post("rotate", {"reset": True})
            protocol.JWKS_MIN_REFETCH = self.min_refetch

    def test_control_valid_resigned_token_is_accepted(self):
        response = self.run_case(
            {"token": {"claims": {"given_name": "Endret"}}}, self.browser
        )
        self.assertIsNone(refusal_reason(response), response.headers.get("Location"))
        self.assertEqual(self.browser.gate().status_code, 200)

    def test_every_attack_is_refused(self):
        accepted = []
        attacks = cases(self.issuer)
        for name, case in attacks.items():
            browser = ProviderBrowser(self.layer)
            with self.subTest(attack=name):
                response = self.run_case(case, browser)
                session = "__ac" in browser.http.cookies.get_dict()
                high = browser.gate().status_code == 200
                if refusal_reason(response) is None or session or high:
                    accepted.append(name)
                self.assertIsNotNone(refusal_reason(response), name)
                self.assertFalse(session, name)
                self.assertFalse(high, name)
        print(f"\nhostile provider: {len(attacks)} attacks, {len(accepted)} accepted")
        self.assertGreaterEqual(len(attacks), 30)
        self.assertEqual(accepted, [])
