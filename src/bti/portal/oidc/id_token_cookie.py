"""The session's raw ID token, kept only for the logout's ``id_token_hint``.

The ID token carries the person's pid, so it is never stored on the server or
logged. It travels in a cookie encrypted with a key derived from the site key
(Fernet: AES-128-CBC with HMAC-SHA256), HttpOnly, SameSite=Lax, Secure per
setting, with the plugin's path (acl_users/oidc) so the browser sends it only
to the login, callback and logout; the logout deletes it.
"""

from bti.portal.oidc.settings import id_token_cookie_key
from cryptography.fernet import Fernet
from cryptography.fernet import InvalidToken
from urllib.parse import urlsplit


COOKIE = "bti_oidc_idt"
MAX_AGE = 24 * 3600  # older cookies are not used as a hint


def cookie_path(plugin) -> str:
    return urlsplit(plugin.absolute_url()).path or "/"


def remember(plugin, response, id_token: str, secure: bool) -> None:
    value = Fernet(id_token_cookie_key()).encrypt(id_token.encode("ascii"))
    response.setCookie(
        COOKIE,
        value.decode("ascii"),
        path=cookie_path(plugin),
        http_only=True,
        same_site="Lax",
        secure=secure,
    )


def recall(plugin, request) -> str:
    """The ID token of this browser's last login, or "" (none, old or altered)."""
    value = request.cookies.get(COOKIE, "")
    if not value:
        return ""
    try:
        token = Fernet(id_token_cookie_key()).decrypt(
            value.encode("ascii"), ttl=MAX_AGE
        )
    except (InvalidToken, UnicodeError, ValueError):
        return ""
    return token.decode("ascii")


def forget(plugin, response) -> None:
    response.expireCookie(COOKIE, path=cookie_path(plugin))
