"""Local password logins only in demo mode.

Installed in place of source_users as the site's password authenticator:
it asks source_users only while the registry's demo_mode is on. Sessions
(plone.session), and the Zope root's users, are not affected.
"""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from bti.portal.oidc.settings import oidc_settings
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from Products.PluggableAuthService.utils import classImplements


GATE_ID = "bti_password_gate"
PASSWORD_SOURCE = "source_users"  # noqa: S105 (a plugin id, not a password)


class PasswordGate(BasePlugin):
    meta_type = "BTI Password Gate"
    security = ClassSecurityInfo()
    security.declarePrivate("authenticateCredentials")

    def __init__(self, id: str, title: str | None = None):  # noqa: A002
        self._setId(id)
        self.title = title

    def authenticateCredentials(self, credentials: dict):
        if not oidc_settings().demo_mode:
            return None
        source = self._getPAS().get(PASSWORD_SOURCE)
        return (
            source.authenticateCredentials(credentials) if source is not None else None
        )


InitializeClass(PasswordGate)
classImplements(PasswordGate, IAuthenticationPlugin)
