"""The OpenID Connect code flow with ID-porten's rules, without Plone.

Discovery, the signed flow cookie, the authorization URL with PKCE S256,
the token request (client_secret_basic/post or private_key_jwt), ID token
validation and the userinfo merge. Every failure raises LoginRefused.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
import requests
from jwt import PyJWKClient


TIMEOUT = 10
LEEWAY = 30  # seconds of clock skew allowed
MAX_ID_TOKEN_AGE = 600  # an ID token older than this (iat) is refused
FLOW_MAX_AGE = 600
FLOW_COOKIE = "bti_oidc_flow"
# The only claims userinfo may add; identity (sub, pid, acr, ...) comes
# from the validated ID token alone.
PROFILE_CLAIMS = ("name", "given_name", "family_name", "email", "locale")

_metadata_cache: dict[str, tuple[float, dict]] = {}
_jwks_clients: dict[str, PyJWKClient] = {}


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
            f"{issuer}/.well-known/openid-configuration", timeout=TIMEOUT
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
    _jwks_clients.clear()


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
    """Cookie value: payload.signature (HMAC-SHA256); the browser cannot alter it."""
    payload = _b64(json.dumps(flow, separators=(",", ":")).encode("utf-8"))
    signature = hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest()
    return f"{payload}.{_b64(signature)}"


def open_flow(value: str, key: bytes) -> dict:
    payload, _, signature = (value or "").partition(".")
    try:
        expected = _b64(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest())
        if not payload or not hmac.compare_digest(
            signature.encode("ascii"), expected.encode()
        ):
            raise LoginRefused("state", "flow cookie missing or not ours")
        flow = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (UnicodeError, ValueError) as exc:
        raise LoginRefused("state", "flow cookie unreadable") from exc
    if not isinstance(flow, dict) or flow.get("iat", 0) + FLOW_MAX_AGE < time.time():
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
        response = requests.post(endpoint, data=data, auth=auth, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise LoginRefused("token", type(exc).__name__) from exc
    try:
        tokens = response.json()
    except ValueError:
        tokens = {}
    if response.status_code != 200:
        error = tokens.get("error", "") if isinstance(tokens, dict) else ""
        raise LoginRefused("token", f"HTTP {response.status_code} {error}")
    if not isinstance(tokens, dict) or not isinstance(tokens.get("id_token"), str):
        raise LoginRefused("token", "no id_token")
    return tokens


def _signing_key(metadata: dict, token: str):
    uri = metadata["jwks_uri"]
    if uri not in _jwks_clients:
        _jwks_clients[uri] = PyJWKClient(uri, cache_keys=True, timeout=TIMEOUT)
    return _jwks_clients[uri].get_signing_key_from_jwt(token).key


def validate_id_token(
    token: str, metadata: dict, client: Client, nonce: str, accepted_acr: list[str]
) -> dict:
    """Signature (RS256 only), iss, aud, exp, iat, nonce and acr of an ID token."""
    try:
        if jwt.get_unverified_header(token).get("alg") != "RS256":
            raise LoginRefused("id_token", "alg is not RS256")
        claims = jwt.decode(
            token,
            _signing_key(metadata, token),
            algorithms=["RS256"],
            audience=client.client_id,
            issuer=client.issuer.rstrip("/"),
            leeway=LEEWAY,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except LoginRefused:
        raise
    except jwt.PyJWTError as exc:
        raise LoginRefused("id_token", type(exc).__name__) from exc
    now = time.time()
    if not (now - MAX_ID_TOKEN_AGE <= claims["iat"] <= now + LEEWAY):
        raise LoginRefused("id_token", "iat out of range")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client.client_id:
        raise LoginRefused("id_token", "azp is not this client")
    if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        raise LoginRefused("nonce")
    if claims.get("acr") not in accepted_acr:
        raise LoginRefused("acr", str(claims.get("acr", "")))
    return claims


def merge_userinfo(metadata: dict, access_token: str, identity: dict) -> dict:
    """Add profile claims from userinfo (same sub only); identity claims stay."""
    endpoint = metadata.get("userinfo_endpoint")
    if not (endpoint and access_token):
        return identity
    try:
        response = requests.get(
            endpoint,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=TIMEOUT,
        )
        userinfo = response.json() if response.status_code == 200 else {}
    except (requests.RequestException, ValueError):
        return identity
    if not isinstance(userinfo, dict) or userinfo.get("sub") != identity["sub"]:
        return identity
    extra = {
        k: userinfo[k] for k in PROFILE_CLAIMS if k in userinfo and k not in identity
    }
    return {**extra, **identity}
