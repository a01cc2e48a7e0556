"""Read the OIDC settings and secrets; hash national ids."""

from bti.portal.oidc.interfaces import HIGH
from bti.portal.oidc.interfaces import IOIDCSecrets
from bti.portal.oidc.interfaces import IOIDCSettings
from bti.portal.oidc.interfaces import OIDC_PREFIX
from bti.portal.oidc.interfaces import SECRETS_PREFIX
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

import base64
import hashlib
import hmac
import secrets


def oidc_settings() -> IOIDCSettings:
    # check=False: a record added in a later version reads as its missing
    # value until the upgrade step has registered it.
    return getUtility(IRegistry).forInterface(
        IOIDCSettings, prefix=OIDC_PREFIX, check=False
    )


def signing_acr_values() -> list[str]:
    """The acr values a signature accepts: the high level only, whatever is stored."""
    stored = oidc_settings().signing_acr_values or [HIGH]
    return [value for value in stored if value == HIGH] or [HIGH]


def login_acr_values() -> list[str]:
    """Every acr a login may come back with: the login list and the signing list."""
    return list(dict.fromkeys([*oidc_settings().acr_values, *signing_acr_values()]))


def _secrets() -> IOIDCSecrets:
    return getUtility(IRegistry).forInterface(IOIDCSecrets, prefix=SECRETS_PREFIX)


def ensure_site_key() -> None:
    """Make the per-site HMAC key once (install); never replace an existing one."""
    store = _secrets()
    if not store.pid_hash_key:
        store.pid_hash_key = secrets.token_hex(32)


def _key(purpose: bytes) -> bytes:
    site_key = _secrets().pid_hash_key
    if not site_key:
        raise RuntimeError(
            "bti.portal.oidc: the site key is missing; reinstall the profile"
        )
    return hmac.new(site_key.encode("ascii"), purpose, hashlib.sha256).digest()


def pid_hash(pid: str) -> str:
    """Keyed hash (HMAC-SHA256) of a national id: the only form we keep."""
    return hmac.new(
        _key(b"pid"), pid.strip().encode("utf-8"), hashlib.sha256
    ).hexdigest()


def flow_cookie_key() -> bytes:
    """Fernet key that encrypts the login-flow cookie (state, nonce, verifier)."""
    return base64.urlsafe_b64encode(_key(b"flow-cookie-fernet"))


def id_token_cookie_key() -> bytes:
    """Fernet key (urlsafe base64 of 32 bytes) that encrypts the ID token cookie."""
    return base64.urlsafe_b64encode(_key(b"id-token-cookie"))


def mask_pid(pid: str) -> str:
    """A national id as it may be shown: birth date only, the rest hidden."""
    return pid[:6] + "*" * max(len(pid) - 6, 0)
