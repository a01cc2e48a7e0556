"""The OpenID Connect code flow with ID-porten's rules, without Plone.

Discovery, the encrypted flow cookie, the authorization URL with PKCE S256,
the token request (client_secret_basic/post or private_key_jwt), the
provider's signing keys (a cache that follows its JWKS), ID token
validation and the userinfo merge. Every failure raises LoginRefused.
"""

from cryptography.fernet import Fernet
from cryptography.fernet import InvalidToken
from dataclasses import dataclass
from dataclasses import field
from jwt.algorithms import RSAAlgorithm
from urllib.parse import urlencode

import base64
import hashlib
import hmac
import json
import jwt
import re
import requests
import secrets
import threading
import time
import uuid


TIMEOUT = 10
LEEWAY = 30  # seconds of clock skew allowed
MAX_ID_TOKEN_AGE = 600  # an ID token older than this (iat) is refused
FLOW_MAX_AGE = 600
FLOW_COOKIE = "bti_oidc_flow"
# The only claims userinfo may add; identity (sub, pid, acr, ...) comes
# from the validated ID token alone.
PROFILE_CLAIMS = ("name", "given_name", "family_name", "email", "locale")
# Claims userinfo may repeat but never change.
IDENTITY_CLAIMS = ("sub", "pid", "acr", "iss", "aud")
JWKS_MAX_AGE = 3600  # a fetched key set is trusted at most this long
JWKS_MIN_REFETCH = 60  # an unknown kid refetches the JWKS at most this often
MAX_TOKEN_LENGTH = 16_384  # longer ID tokens are refused unread
MAX_SUB_LENGTH = 255  # OpenID Connect Core 2: sub is at most 255 ASCII characters
PID = re.compile(r"\d{11}")
# Header parameters that point at other keys or change how the token is read.
REFUSED_HEADERS = ("jku", "x5u", "jwk", "x5c", "crit", "enc", "zip", "b64")

_metadata_cache: dict[str, tuple[float, dict]] = {}
_key_sets: dict[str, "KeySet"] = {}
_key_sets_lock = threading.Lock()


class LoginRefused(Exception):
    """The login is refused; `reason` picks the message shown to the person."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass
class Client:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    auth_method: str = "client_secret_basic"
    private_key: str = ""
    private_key_id: str = ""


def discover(issuer: str, cache_seconds: int = 600) -> dict:
    """The provider's metadata; its issuer must be exactly the configured one."""
    issuer = issuer.rstrip("/")
    cached = _metadata_cache.get(issuer)
    if cached and cached[0] > time.time():
        return cached[1]
    try:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration",
            timeout=TIMEOUT,
            allow_redirects=False,
        )
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise LoginRefused("provider", type(exc).__name__) from exc
    if (
        not isinstance(metadata, dict)
        or str(metadata.get("issuer", "")).rstrip("/") != issuer
    ):
        raise LoginRefused("provider", "issuer in metadata differs")
    if not all(
        metadata.get(k)
        for k in ("authorization_endpoint", "token_endpoint", "jwks_uri")
    ):
        raise LoginRefused("provider", "metadata lacks an endpoint")
    _metadata_cache[issuer] = (time.time() + cache_seconds, metadata)
    return metadata


def forget_metadata() -> None:
    _metadata_cache.clear()
    with _key_sets_lock:
        _key_sets.clear()


@dataclass
class KeySet:
    """The provider's signing keys, as its JWKS publishes them now.

    Fetched on first use and again after JWKS_MAX_AGE; an unknown kid
    refetches, at most once every JWKS_MIN_REFETCH seconds. Each fetch
    replaces the whole set, so a key the provider dropped is refused after
    the next fetch. A kid published twice is refused (ambiguous).
    """

    uri: str
    keys: dict = field(default_factory=dict)
    fetched: float = 0.0  # time of the last fetch attempt
    fetches: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fetch(self, now: float) -> None:
        self.fetched = now
        self.fetches += 1
        self.keys = {}  # a failed fetch trusts nothing until the next one
        try:
            response = requests.get(self.uri, timeout=TIMEOUT, allow_redirects=False)
            response.raise_for_status()
            published = response.json().get("keys")
        except (requests.RequestException, ValueError, AttributeError):
            return
        if not isinstance(published, list):
            return
        keys: dict = {}
        for jwk in published:
            if not isinstance(jwk, dict) or not isinstance(jwk.get("kid"), str):
                continue
            kid = jwk["kid"]
            if kid in keys:
                keys[kid] = None  # ambiguous: never used
                continue
            usable = (
                jwk.get("kty") == "RSA"
                and jwk.get("use", "sig") == "sig"
                and jwk.get("alg", "RS256") == "RS256"
                and "d" not in jwk
            )
            try:
                keys[kid] = RSAAlgorithm.from_jwk(jwk) if usable else None
            except (jwt.PyJWTError, ValueError, TypeError):
                keys[kid] = None
        self.keys = keys

    def key(self, kid: str, now: float | None = None):
        now = time.time() if now is None else now
        with self.lock:
            if now - self.fetched >= JWKS_MAX_AGE or (
                kid not in self.keys and now - self.fetched >= JWKS_MIN_REFETCH
            ):
                self.fetch(now)
            key = self.keys.get(kid)
        if key is None:
            raise LoginRefused("id_token", "signing key unknown, dropped or ambiguous")
        return key


def key_set(uri: str) -> KeySet:
    with _key_sets_lock:
        if uri not in _key_sets:
            _key_sets[uri] = KeySet(uri)
        return _key_sets[uri]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def pkce_challenge(verifier: str) -> str:
    return _b64(hashlib.sha256(verifier.encode("ascii")).digest())


def new_flow(came_from: str, acr_values: list[str]) -> dict:
    return {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": secrets.token_urlsafe(64),
        "came_from": came_from,
        "acr_values": acr_values,
        "iat": int(time.time()),
    }


def seal_flow(flow: dict, key: bytes) -> str:
    """Cookie value: the flow encrypted and authenticated (Fernet); opaque."""
    data = json.dumps(flow, separators=(",", ":")).encode("utf-8")
    return Fernet(key).encrypt(data).decode("ascii")


def open_flow(value: str, key: bytes) -> dict:
    if not value:
        raise LoginRefused("state", "flow cookie missing")
    try:
        data = Fernet(key).decrypt(value.encode("ascii"), ttl=FLOW_MAX_AGE)
        flow = json.loads(data)
    except (InvalidToken, UnicodeError, ValueError, TypeError) as exc:
        raise LoginRefused("state", "flow cookie expired or not ours") from exc
    if not isinstance(flow, dict) or not isinstance(flow.get("iat"), int):
        raise LoginRefused("state", "flow cookie unreadable")
    if flow["iat"] + FLOW_MAX_AGE < time.time():
        raise LoginRefused("state", "flow cookie expired")
    return flow


def authorization_url(
    metadata: dict, client: Client, flow: dict, scopes: list[str]
) -> str:
    params = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": client.redirect_uri,
        "scope": " ".join(dict.fromkeys(["openid", *scopes])),
        "state": flow["state"],
        "nonce": flow["nonce"],
        "code_challenge": pkce_challenge(flow["verifier"]),
        "code_challenge_method": "S256",
    }
    if flow.get("acr_values"):
        params["acr_values"] = " ".join(flow["acr_values"])
    return f"{metadata['authorization_endpoint']}?{urlencode(params)}"


def _client_assertion(client: Client, audience: str) -> str:
    now = int(time.time())
    claims = {
        "iss": client.client_id,
        "sub": client.client_id,
        "aud": audience,
        "jti": str(uuid.uuid4()),
        "iat": now,
        "exp": now + 60,
    }
    headers = {"kid": client.private_key_id} if client.private_key_id else None
    return jwt.encode(claims, client.private_key, algorithm="RS256", headers=headers)


def exchange_code(metadata: dict, client: Client, code: str, verifier: str) -> dict:
    """The token request; the provider checks the PKCE verifier and the code."""
    endpoint = metadata["token_endpoint"]
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": client.redirect_uri,
        "code_verifier": verifier,
    }
    auth = None
    if client.auth_method == "client_secret_post":
        data.update(client_id=client.client_id, client_secret=client.client_secret)
    elif client.auth_method == "private_key_jwt":
        data.update(
            client_id=client.client_id,
            client_assertion_type="urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            client_assertion=_client_assertion(client, endpoint),
        )
    else:
        auth = (client.client_id, client.client_secret)
    try:
        response = requests.post(
            endpoint, data=data, auth=auth, timeout=TIMEOUT, allow_redirects=False
        )
    except requests.RequestException as exc:
        raise LoginRefused("token", type(exc).__name__) from exc
    try:
        tokens = response.json()
    except ValueError:
        tokens = {}
    if response.status_code != 200:
        error = tokens.get("error", "") if isinstance(tokens, dict) else ""
        raise LoginRefused("token", f"HTTP {response.status_code} {safe_text(error)}")
    if not isinstance(tokens, dict) or not isinstance(tokens.get("id_token"), str):
        raise LoginRefused("token", "no id_token")
    return tokens


def safe_text(value, limit: int = 80) -> str:
    """Untrusted text for a log line: escaped (no newlines), bounded."""
    return ascii(str(value)[:limit])


def _unique_keys(pairs: list) -> dict:
    names = [name for name, _value in pairs]
    if len(names) != len(set(names)):
        raise LoginRefused("id_token", "a name appears twice")
    return dict(pairs)


def _segment(segment: str) -> dict:
    """A JWS header or payload, refused if a name appears twice."""
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        value = json.loads(raw, object_pairs_hook=_unique_keys)
    except (ValueError, TypeError) as exc:
        raise LoginRefused("id_token", "not a readable JWS") from exc
    if not isinstance(value, dict):
        raise LoginRefused("id_token", "not a readable JWS")
    return value


def _signing_key(metadata: dict, header: dict):
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise LoginRefused("id_token", "no kid")
    return key_set(metadata["jwks_uri"]).key(kid)


def _checked_header(token: str) -> dict:
    """The JWS header of an ID token; size, form, alg and header names checked."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        raise LoginRefused("id_token", "ID token missing or too long")
    segments = token.split(".")
    if len(segments) != 3:
        raise LoginRefused("id_token", "not a JWS")
    header = _segment(segments[0])
    _segment(segments[1])  # no claim twice
    if header.get("alg") != "RS256":
        raise LoginRefused("id_token", "alg is not RS256")
    if any(name in header for name in REFUSED_HEADERS):
        raise LoginRefused("id_token", "header names another key or form")
    return header


def _check_claims(claims: dict, client: Client, nonce: str, accepted_acr) -> None:
    now = time.time()
    if not (now - MAX_ID_TOKEN_AGE <= claims["iat"] <= now + LEEWAY):
        raise LoginRefused("id_token", "iat out of range")
    sub = claims["sub"]
    if not isinstance(sub, str) or not sub or len(sub) > MAX_SUB_LENGTH:
        raise LoginRefused("id_token", "sub empty, not a string or too long")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if (len(audiences) > 1 or "azp" in claims) and claims.get(
        "azp"
    ) != client.client_id:
        raise LoginRefused("id_token", "azp is not this client")
    if not isinstance(claims.get("nonce"), str) or not hmac.compare_digest(
        claims["nonce"].encode("utf-8"), nonce.encode("utf-8")
    ):
        raise LoginRefused("nonce")
    acr = claims.get("acr")
    if not isinstance(acr, str) or acr not in accepted_acr:
        raise LoginRefused("acr", safe_text(acr, 40))
    pid = claims.get("pid")
    if "pid" in claims and not (isinstance(pid, str) and PID.fullmatch(pid)):
        raise LoginRefused("id_token", "pid malformed")


def validate_id_token(
    token: str, metadata: dict, client: Client, nonce: str, accepted_acr: list[str]
) -> dict:
    """Signature (RS256 only), iss, aud, azp, exp, iat, nonce, acr, sub and pid."""
    header = _checked_header(token)
    try:
        claims = jwt.decode(
            token,
            _signing_key(metadata, header),
            algorithms=["RS256"],
            audience=client.client_id,
            issuer=client.issuer.rstrip("/"),
            leeway=LEEWAY,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.PyJWTError as exc:
        raise LoginRefused("id_token", type(exc).__name__) from exc
    _check_claims(claims, client, nonce, accepted_acr)
    return claims


def merge_userinfo(metadata: dict, access_token: str, identity: dict) -> dict:
    """Add profile claims from userinfo; identity claims stay the ID token's.

    A userinfo answer that names another sub, or another pid or acr than the
    ID token, refuses the login: the provider contradicts itself.
    """
    endpoint = metadata.get("userinfo_endpoint")
    if not (endpoint and access_token):
        return identity
    try:
        response = requests.get(
            endpoint,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=TIMEOUT,
            allow_redirects=False,
        )
        userinfo = response.json() if response.status_code == 200 else {}
    except (requests.RequestException, ValueError):
        return identity
    if not isinstance(userinfo, dict) or not userinfo:
        return identity
    for name in IDENTITY_CLAIMS:
        if name in userinfo and userinfo[name] != identity.get(name):
            raise LoginRefused("id_token", f"userinfo contradicts ID token: {name}")
    if "sub" not in userinfo:
        return identity
    extra = {
        k: userinfo[k] for k in PROFILE_CLAIMS if k in userinfo and k not in identity
    }
    return {**extra, **identity}
