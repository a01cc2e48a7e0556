"""The high assurance gate: did the current session's login have an accepted acr?

    if not has_high_assurance(request):
        ...
    require_high_assurance(request)  # or it raises a Redirect to the login

Only an OIDC login sets the acr (in the signed session ticket); a local
password login (demo mode) never counts as high assurance.
"""

from bti.portal.oidc.plugin import ACR_TOKEN
from bti.portal.oidc.plugin import PLUGIN_ID
from bti.portal.oidc.settings import oidc_settings
from bti.portal.oidc.settings import signing_acr_values
from plone import api
from urllib.parse import urlencode
from zExceptions import Redirect


def _session_ticket(request) -> tuple | None:
    """The valid plone.session ticket of the current user in this request."""
    pas = api.portal.get_tool("acl_users")
    session = pas.get("session")
    user = api.user.get_current()
    if session is None or user is None or api.user.is_anonymous():
        return None
    credentials = session.extractCredentials(request)
    if "cookie" not in credentials:
        return None
    ticket = session._validateTicket(credentials["cookie"])
    if ticket is None or ticket[1] != user.getId():
        return None
    return ticket


def session_userid(request) -> str | None:
    """The user id of this request's valid session ticket, or None."""
    ticket = _session_ticket(request)
    return ticket[1] if ticket else None


def session_acr(request) -> str | None:
    """The acr of the login behind this request's Plone session, if it was ours."""
    ticket = _session_ticket(request)
    if ticket is None:
        return None
    _digest, _userid, tokens, _user_data, _timestamp = ticket
    for token in tokens:
        if token.startswith(ACR_TOKEN):
            return token[len(ACR_TOKEN) :]
    return None


def has_high_assurance(request) -> bool:
    """The session's login had a signing acr (the high level only).

    The login list (acr_values) may be wider, e.g. substantial for reading;
    it never makes a session high assurance.
    """
    return session_acr(request) in signing_acr_values()


def high_assurance_login_url(request, came_from: str = "") -> str:
    """The login that asks the provider for the signing acr values."""
    plugin_url = api.portal.get_tool("acl_users")[PLUGIN_ID].absolute_url()
    query = {
        "came_from": came_from or request.get("ACTUAL_URL", ""),
        "acr_values": " ".join(signing_acr_values()),
    }
    return f"{plugin_url}/login?{urlencode(query)}"


def require_high_assurance(request) -> None:
    """Return if the session is high assurance; otherwise redirect to the login."""
    if not has_high_assurance(request):
        raise Redirect(high_assurance_login_url(request))


DEMO_ACR = "demo"  # recorded for a signature made in a demo (password) session


def signature_acr(request) -> str | None:
    """The acr a signature or withdrawal in this session records, or None.

    None: the person must log in at high assurance first. A local password
    session counts only while the site is in demo mode, and records "demo",
    never a real assurance level. Demo mode is off on production sites.
    """
    acr = session_acr(request)
    if acr in signing_acr_values():
        return acr
    if acr is None and oidc_settings().demo_mode and not api.user.is_anonymous():
        return DEMO_ACR
    return None
