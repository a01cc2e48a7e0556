"""Login, callback, logout and the refusal page of the OIDC login."""

from bti.portal import _
from bti.portal import logger
from bti.portal.oidc import id_token_cookie
from bti.portal.oidc import protocol
from bti.portal.oidc.assurance import session_userid
from bti.portal.oidc.plugin import PLUGIN_ID
from bti.portal.oidc.protocol import FLOW_COOKIE
from bti.portal.oidc.protocol import LoginRefused
from bti.portal.oidc.settings import flow_cookie_key
from bti.portal.oidc.settings import login_acr_values
from bti.portal.oidc.settings import oidc_settings
from bti.portal.oidc.settings import signing_acr_values
from bti.portal.users import landing_url
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from Products.Five.browser import BrowserView
from urllib.parse import quote
from urllib.parse import urlencode
from zExceptions import NotFound
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


REFUSAL_MESSAGES = {
    "state": _(
        "oidc_refused_state",
        default="The login could not be verified (its state did not match). "
        "Please start the login again from this site.",
    ),
    "nonce": _(
        "oidc_refused_nonce",
        default="The login could not be verified "
        "(the ID token does not belong to this login).",
    ),
    "id_token": _(
        "oidc_refused_id_token",
        default="The identity provider's answer failed our checks. "
        "The login was refused.",
    ),
    "token": _(
        "oidc_refused_token",
        default="The identity provider did not confirm the login. Please try again.",
    ),
    "acr": _(
        "oidc_refused_acr",
        default="This service needs login at a high level of assurance, "
        "such as BankID. "
        "The login you used is at a lower level. Please log in again with BankID.",
    ),
    "provider": _(
        "oidc_refused_provider",
        default="The identity provider could not be reached or is not configured.",
    ),
}


def _cookie_options(plugin, secure: bool) -> dict:
    """The flow cookie goes only to this site's plugin (login and callback)."""
    return {
        "path": id_token_cookie.cookie_path(plugin),
        "http_only": True,
        "same_site": "Lax",
        "secure": secure,
    }


def _portal_url() -> str:
    return api.portal.get().absolute_url()


def _safe_came_from(came_from: str | None) -> str:
    portal_url_tool = api.portal.get_tool("portal_url")
    if came_from and portal_url_tool.isURLInPortal(came_from):
        return came_from
    return _portal_url()


def _client(plugin) -> protocol.Client:
    settings = oidc_settings()
    return protocol.Client(
        issuer=settings.issuer or "",
        client_id=settings.client_id or "",
        client_secret=settings.client_secret or "",
        redirect_uri=f"{plugin.absolute_url()}/callback",
        auth_method=settings.token_endpoint_auth_method,
        private_key=settings.private_key or "",
        private_key_id=settings.private_key_id or "",
    )


def login_redirect_url(plugin, came_from: str = "") -> str:
    url = f"{plugin.absolute_url()}/login"
    return f"{url}?came_from={quote(came_from)}" if came_from else url


class RefusedMixin:
    def refuse(self, reason: str) -> str:
        """Send the person to the page that explains why the login was refused."""
        self.request.response.redirect(
            f"{_portal_url()}/@@oidc-login-refused?reason={reason}"
        )
        return ""


class RequireLoginView(BrowserView):
    """Target of the plugin's challenge."""

    def __call__(self) -> str:
        if api.user.is_anonymous():
            url = login_redirect_url(self.context, self.request.get("came_from", ""))
        else:
            url = f"{_portal_url()}/insufficient-privileges"
        self.request.response.redirect(url)
        return ""


class LoginView(BrowserView, RefusedMixin):
    """Start the code flow: signed flow cookie, then off to the provider."""

    def __call__(self) -> str:
        settings = oidc_settings()
        client = _client(self.context)
        try:
            metadata = protocol.discover(client.issuer)
        except LoginRefused as exc:
            logger.warning("OIDC login not started: %s", exc)
            return self.refuse(exc.reason)
        flow = protocol.new_flow(
            _safe_came_from(self.request.get("came_from")), self.requested_acr()
        )
        response = self.request.response
        response.setCookie(
            FLOW_COOKIE,
            protocol.seal_flow(flow, flow_cookie_key()),
            max_age=protocol.FLOW_MAX_AGE,
            **_cookie_options(self.context, settings.secure_cookies),
        )
        response.setHeader("Cache-Control", "no-store")
        response.redirect(
            protocol.authorization_url(metadata, client, flow, list(settings.scopes))
        )
        return ""

    def requested_acr(self) -> list[str]:
        """The signing list when the gate asks for it, else the login list."""
        asked = str(self.request.form.get("acr_values", "")).split()
        signing = signing_acr_values()
        if asked and all(value in signing for value in asked):
            return signing
        return list(oidc_settings().acr_values)


class CallbackView(BrowserView, RefusedMixin):
    """The provider's answer: every check passes or the login is refused."""

    def __call__(self) -> str:
        # The state check below is this request's CSRF protection.
        alsoProvides(self.request, IDisableCSRFProtection)
        response = self.request.response
        response.setHeader("Cache-Control", "no-store")
        response.expireCookie(
            FLOW_COOKIE, path=id_token_cookie.cookie_path(self.context)
        )
        try:
            flow = self.verified_flow()
            claims = self.validated_claims(flow)
        except LoginRefused as exc:
            logger.warning("OIDC login refused: %s", exc)
            return self.refuse(exc.reason)
        userid = self.context.login_person(claims)
        id_token_cookie.remember(
            self.context, response, self.id_token, oidc_settings().secure_cookies
        )
        came_from = _safe_came_from(flow.get("came_from"))
        # Families who came for no page in particular land on "Mine logger".
        response.redirect(landing_url(api.user.get(userid=userid), came_from))
        return ""

    def verified_flow(self) -> dict:
        form = self.request.form
        flow = protocol.open_flow(
            self.request.cookies.get(FLOW_COOKIE, ""), flow_cookie_key()
        )
        state = form.get("state")
        if not isinstance(state, str) or not protocol.hmac.compare_digest(
            state, flow["state"]
        ):
            raise LoginRefused("state", "state parameter missing or different")
        if not self.context.spend_state(state, flow["iat"]):
            raise LoginRefused("state", "state already used (replay)")
        if form.get("error"):
            # The provider's words, escaped: no newline reaches the log.
            error = protocol.safe_text(form.get("error"))
            raise LoginRefused("token", f"provider error {error}")
        if form.get("iss") and form["iss"].rstrip("/") != oidc_settings().issuer.rstrip(
            "/"
        ):
            raise LoginRefused("id_token", "iss parameter is another issuer")
        if not isinstance(form.get("code"), str):
            raise LoginRefused("token", "no code")
        return flow

    def validated_claims(self, flow: dict) -> dict:
        client = _client(self.context)
        metadata = protocol.discover(client.issuer)
        tokens = protocol.exchange_code(
            metadata, client, self.request.form["code"], flow["verifier"]
        )
        identity = protocol.validate_id_token(
            tokens["id_token"],
            metadata,
            client,
            flow["nonce"],
            login_acr_values(),
        )
        self.id_token = tokens["id_token"]  # validated; kept for the logout hint
        return protocol.merge_userinfo(
            metadata, tokens.get("access_token", ""), identity
        )


class LogoutView(BrowserView):
    """End the Plone session, then the provider's session (RP-initiated logout)."""

    def __call__(self) -> str:
        # The logout writes (a new secret in the user's keyring) on a GET; it
        # only ever ends the session of the ticket this request carries.
        alsoProvides(self.request, IDisableCSRFProtection)
        pas = api.portal.get_tool("acl_users")
        response = self.request.response
        id_token = id_token_cookie.recall(self.context, self.request)
        id_token_cookie.forget(self.context, response)
        userid = session_userid(self.request)
        if userid:
            # Server side: every ticket of this user stops working, so a
            # copied __ac cookie is worthless after the logout.
            self.context.end_sessions(pas.session, userid)
            pas.resetCredentials(self.request, response)
        response.expireCookie("__ac", path="/")
        response.expireCookie("auth_token", path="/")
        response.setHeader("Cache-Control", "no-store")
        portal_url = _portal_url()
        settings = oidc_settings()
        end_session = ""
        if settings.issuer:
            try:
                end_session = protocol.discover(settings.issuer).get(
                    "end_session_endpoint", ""
                )
            except LoginRefused:
                end_session = ""
        if end_session:
            params = {
                "client_id": settings.client_id,
                "post_logout_redirect_uri": portal_url,
            }
            if id_token:
                # The provider ends the session of exactly this login (ID-porten
                # requires the hint). Never logged.
                params["id_token_hint"] = id_token
            query = urlencode(params)
            response.redirect(f"{end_session}?{query}")
        else:
            response.redirect(portal_url)
        return ""


class SiteLogoutView(BrowserView):
    """The site's own ``logout`` (the user menu): our logout, never Plone's.

    Plone's logout leaves the ticket valid on the server and the provider's
    session open.
    """

    def __call__(self) -> str:
        plugin = api.portal.get_tool("acl_users")[PLUGIN_ID]
        return LogoutView(plugin, self.request)()


class ClosedRoute(BrowserView):
    """pas.plugins.oidc's own routes: not on our sites (our views only)."""

    def __call__(self):
        raise NotFound()


@implementer(IPublishTraverse)
class ClosedService(Service):
    """pas.plugins.oidc's @login-oidc and @logout-oidc: not on our sites."""

    def publishTraverse(self, request, name: str):
        return self

    def check_permission(self) -> None:
        return None

    def reply(self):
        raise NotFound()


class RefusedView(BrowserView):
    """Explains, in the site's language, why a login was refused."""

    def message(self):
        return REFUSAL_MESSAGES.get(
            self.request.get("reason"), REFUSAL_MESSAGES["token"]
        )

    def login_url(self) -> str:
        return login_redirect_url(api.portal.get_tool("acl_users")[self.plugin_id])

    plugin_id = "oidc"

    def __call__(self):
        self.request.response.setStatus(403)
        self.request.response.setHeader("Cache-Control", "no-store")
        return self.index()
