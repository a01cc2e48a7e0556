"""Install and remove the OIDC plugin and the password gate (the profiles'
post handlers call these)."""

from bti.portal import logger
from bti.portal.oidc.gate import GATE_ID
from bti.portal.oidc.gate import PASSWORD_SOURCE
from bti.portal.oidc.gate import PasswordGate
from bti.portal.oidc.plugin import BTIOIDCPlugin
from bti.portal.oidc.plugin import PLUGIN_ID
from bti.portal.oidc.settings import ensure_site_key
from bti.portal.oidc.settings import oidc_settings
from plone import api
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.interfaces.plugins import IChallengePlugin
from Products.PluggableAuthService.interfaces.plugins import ICredentialsResetPlugin


def install() -> None:
    ensure_site_key()
    pas = api.portal.get_tool("acl_users")
    if PLUGIN_ID in pas.objectIds() and not isinstance(pas[PLUGIN_ID], BTIOIDCPlugin):
        pas._delObject(PLUGIN_ID)  # pas.plugins.oidc's own plugin: ours replaces it
    if PLUGIN_ID not in pas.objectIds():
        pas._setObject(
            PLUGIN_ID, BTIOIDCPlugin(PLUGIN_ID, "OpenID Connect (ID-porten)")
        )
    plugins = pas.plugins
    if PLUGIN_ID not in plugins.listPluginIds(IChallengePlugin):
        plugins.activatePlugin(IChallengePlugin, PLUGIN_ID)
    plugins.movePluginsTop(IChallengePlugin, [PLUGIN_ID])
    # First of the resetters: a forged ticket is dropped before plone.session's.
    if PLUGIN_ID not in plugins.listPluginIds(ICredentialsResetPlugin):
        plugins.activatePlugin(ICredentialsResetPlugin, PLUGIN_ID)
    plugins.movePluginsTop(ICredentialsResetPlugin, [PLUGIN_ID])
    if GATE_ID not in pas.objectIds():
        pas._setObject(
            GATE_ID, PasswordGate(GATE_ID, "Local passwords only in demo mode")
        )
    if GATE_ID not in plugins.listPluginIds(IAuthenticationPlugin):
        plugins.activatePlugin(IAuthenticationPlugin, GATE_ID)
    if PASSWORD_SOURCE in plugins.listPluginIds(IAuthenticationPlugin):
        plugins.deactivatePlugin(IAuthenticationPlugin, PASSWORD_SOURCE)
    apply_cookie_settings()
    apply_session_settings()
    logger.info("OIDC plugin and password gate installed")


def uninstall() -> None:
    pas = api.portal.get_tool("acl_users")
    plugins = pas.plugins
    if (
        PASSWORD_SOURCE in pas.objectIds()
        and PASSWORD_SOURCE not in plugins.listPluginIds(IAuthenticationPlugin)
    ):
        plugins.activatePlugin(IAuthenticationPlugin, PASSWORD_SOURCE)
    for plugin_id in (GATE_ID, PLUGIN_ID):
        if plugin_id in pas.objectIds():
            pas._delObject(plugin_id)
    logger.info("OIDC plugin and password gate removed")


def apply_session_settings() -> None:
    """Tickets signed per user, so a logout can end them on the server."""
    session = api.portal.get_tool("acl_users").get("session")
    if session is not None and not session.getProperty("per_user_keyring"):
        session.per_user_keyring = True


def apply_cookie_settings() -> None:
    """plone.session's cookie: HttpOnly and SameSite=Lax always, Secure per setting."""
    session = api.portal.get_tool("acl_users").get("session")
    secure = bool(oidc_settings().secure_cookies)
    if session is not None and session.getProperty("secure") != secure:
        session.manage_changeProperties(secure=secure)
