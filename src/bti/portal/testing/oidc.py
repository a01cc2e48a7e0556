"""Test layers with a real OpenID provider (panva/oidc-provider) on loopback.

OIDC_PROVIDER_FIXTURE starts provider.mjs of PROVIDER_DIR with node on a
free 127.0.0.1 port, waits for its discovery document, points the test site's
OIDC settings at it, and stops it on teardown. It also registers a test-only
view, @@bti-oidc-test-gate, that calls require_high_assurance.
"""

from bti.portal.interfaces import IBTIPortalLayer
from bti.portal.oidc.assurance import require_high_assurance
from bti.portal.oidc.assurance import session_acr
from bti.portal.oidc.interfaces import OIDC_PREFIX
from bti.portal.testing.layers import BTI_PORTAL_FIXTURE
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from pathlib import Path
from plone.app.testing import FunctionalTesting
from plone.app.testing import PLONE_SITE_ID
from plone.registry.interfaces import IRegistry
from plone.testing import Layer
from plone.testing import zodb
from plone.testing import zope
from plone.testing.zope import WSGI_SERVER_FIXTURE
from Products.Five.browser import BrowserView
from zope.component import getGlobalSiteManager
from zope.component import getUtility
from zope.component.hooks import setSite
from zope.interface import Interface
from zope.publisher.interfaces.browser import IBrowserView

import html
import json
import os
import re
import requests
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request


# The test provider's folder: $BTI_OIDC_PROVIDER_DIR, else tests/oidc_provider
# of the checkout the tests run in (the current directory), never a path inside
# the installed package (which has no tests/ in a wheel).
PROVIDER_DIR = Path(
    os.environ.get("BTI_OIDC_PROVIDER_DIR") or Path.cwd() / "tests" / "oidc_provider"
).resolve()
CLIENT_ID = "bti-portal"
CLIENT_SECRET = "test-secret-that-is-long-enough-0123456789"
PKJWT_CLIENT_ID = "bti-portal-pkjwt"
PKJWT_KID = "bti-test-client-key"
TEST_PEOPLE = {  # username at the test provider -> pid (synthetic test numbers)
    "forelder": "05917099930",
    "ungdom": "21901099878",
    "ansatt": "13827098012",
}
# More test people for the family and consent tests (tests/test_oidc_family.py,
# tests/test_consent_signing.py), given to the provider as OP_EXTRA_ACCOUNTS.
# Their numbers pass the national id check (the ones above are synthetic test
# numbers, which bti.portal.domain.national_id refuses); test data only.
FAMILY_PEOPLE = {
    "mor": ("12038540171", "Mona", "Mor"),  # guardian of log A
    "far": ("23078131160", "Frank", "Far"),  # guardian of log A
    "mamma": ("04069022249", "Maja", "Mamma"),  # guardian of log B
    "nabo": ("15039213394", "Nils", "Nabo"),  # no role on any log
    "kari": ("10030961132", "Kari", "Ung"),  # the young person of log A (born 2009)
}
CHILD_B_PID = "02071273337"  # the child of log B (born 2012), never logs in
TEST_PASSWORD = "test"
TEST_VIEW = "bti-oidc-test-gate"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"test OpenID provider exited ({process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"test OpenID provider did not answer at {url}")


class HighAssuranceTestView(BrowserView):
    """Test only: a page behind the high assurance gate."""

    __roles__ = None

    def __call__(self) -> str:
        """Answer only a high assurance session."""
        require_high_assurance(self.request)
        return f"high assurance ok: {session_acr(self.request)}"


def client_key_pair() -> tuple[str, dict]:
    """A private key (PEM) for private_key_jwt and its public JWKS."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid=PKJWT_KID, alg="RS256", use="sig")
    return pem, {"keys": [jwk]}


class OIDCProviderLayer(Layer):
    defaultBases = (BTI_PORTAL_FIXTURE, WSGI_SERVER_FIXTURE)

    def setUp(self) -> None:
        node = shutil.which("node")
        if (
            node is None
            or not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir()
        ):
            raise RuntimeError(
                "run scripts/install_oidc_provider.sh (needs node and npm)"
            )
        site_url = f"http://{self['host']}:{self['port']}/{PLONE_SITE_ID}"
        port = free_port()
        issuer = f"http://127.0.0.1:{port}"
        private_pem, public_jwks = client_key_pair()
        env = {
            **os.environ,
            "OP_REDIRECT_URIS": f"{site_url}/acl_users/oidc/callback",
            "OP_POST_LOGOUT_URIS": site_url,
            "OP_CLIENT_SECRET": CLIENT_SECRET,
            "OP_PKJWT_JWKS": json.dumps(public_jwks),
            "OP_EXTRA_ACCOUNTS": json.dumps({
                name: {
                    "sub": f"sub-{name}",
                    "pid": pid,
                    "given_name": given,
                    "family_name": family,
                }
                for name, (pid, given, family) in FAMILY_PEOPLE.items()
            }),
        }
        self.log = open(PROVIDER_DIR / "provider.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [node, "provider.mjs", "--port", str(port)],
            cwd=PROVIDER_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for(f"{issuer}/.well-known/openid-configuration", self.process)
        self["oidc_issuer"] = issuer
        self["oidc_site_url"] = site_url
        self["oidc_client_private_key"] = private_pem

        self["zodbDB"] = zodb.stackDemoStorage(
            self.get("zodbDB"), name="BTIOIDCProvider"
        )
        with zope.zopeApp() as app:
            setSite(app[PLONE_SITE_ID])
            registry = getUtility(IRegistry)
            registry[f"{OIDC_PREFIX}.issuer"] = issuer
            registry[f"{OIDC_PREFIX}.client_id"] = CLIENT_ID
            registry[f"{OIDC_PREFIX}.client_secret"] = CLIENT_SECRET
            registry[f"{OIDC_PREFIX}.secure_cookies"] = False
            setSite(None)

        getGlobalSiteManager().registerAdapter(
            HighAssuranceTestView, (Interface, IBTIPortalLayer), IBrowserView, TEST_VIEW
        )

    def tearDown(self) -> None:
        getGlobalSiteManager().unregisterAdapter(
            HighAssuranceTestView, (Interface, IBTIPortalLayer), IBrowserView, TEST_VIEW
        )
        self["zodbDB"].close()
        del self["zodbDB"]
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        for name in ("oidc_issuer", "oidc_site_url", "oidc_client_private_key"):
            del self[name]


OIDC_PROVIDER_FIXTURE = OIDCProviderLayer()

OIDC_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(OIDC_PROVIDER_FIXTURE,), name="BTIPortal:OIDCProvider:Functional"
)


class ProviderBrowser:
    """A browser-less person: follows redirects and posts the provider's forms."""

    FORM = re.compile(r'<form method="post" action="([^"]+)"')

    def __init__(self, layer):
        self.site_url = layer["oidc_site_url"]
        self.issuer = layer["oidc_issuer"]
        self.plugin_url = f"{self.site_url}/acl_users/oidc"
        self.http = requests.Session()

    def start_login(self, query: str = "") -> str:
        """Our login view; returns the provider's authorization URL."""
        response = self.http.get(
            f"{self.plugin_url}/login{query}", allow_redirects=False
        )
        assert response.status_code == 302, response.status_code
        return response.headers["Location"]

    def authorize(self, auth_url: str, username: str, method: str = "bankid") -> str:
        """Log in and consent at the provider; returns the callback URL (not called)."""
        url, data = auth_url, None
        for _step in range(12):
            if data is None:
                response = self.http.get(url, allow_redirects=False)
            else:
                response = self.http.post(url, data=data, allow_redirects=False)
            data = None
            if response.is_redirect:
                url = urllib.parse.urljoin(url, response.headers["Location"])
                if url.startswith(f"{self.plugin_url}/callback"):
                    return url
                continue
            match = self.FORM.search(response.text)
            assert response.status_code == 200 and match, (
                response.status_code,
                response.text,
            )
            url = urllib.parse.urljoin(url, html.unescape(match.group(1)))
            if url.endswith("/login"):
                data = {
                    "username": username,
                    "password": TEST_PASSWORD,
                    "method": method,
                }
            else:
                data = {}
        raise AssertionError("the provider never redirected back")

    def callback(self, callback_url: str) -> requests.Response:
        return self.http.get(callback_url, allow_redirects=False)

    def login(self, username: str, method: str = "bankid") -> requests.Response:
        return self.callback(self.authorize(self.start_login(), username, method))

    def gate(self) -> requests.Response:
        return self.http.get(f"{self.site_url}/@@{TEST_VIEW}", allow_redirects=False)

    def tamper_next(self, **change) -> None:
        """Make the provider alter its next token (or userinfo) response."""
        requests.post(
            f"{self.issuer}/__test/tamper", json=change, timeout=5
        ).raise_for_status()

    def rotate_keys(self, **change) -> dict:
        """Make the provider sign with a new key (drop_old, or reset=True)."""
        response = requests.post(f"{self.issuer}/__test/rotate", json=change, timeout=5)
        response.raise_for_status()
        return response.json()

    def last_tokens(self) -> dict:
        """The provider's last token response (ID token and access token)."""
        return requests.get(f"{self.issuer}/__test/last-tokens", timeout=5).json()


def refusal_reason(response: requests.Response) -> str | None:
    """The reason if the response sends the person to the refusal page."""
    location = response.headers.get("Location", "")
    if response.status_code in (302, 303) and "/@@oidc-login-refused" in location:
        return urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)["reason"][0]
    return None
