"""The site's OIDC PAS plugin: pas.plugins.oidc's plugin with our identity rules.

The Plone user id is opaque and random, mapped from (issuer, sub). The national
id (pid) is kept only as a keyed hash, for lookup. The session ticket carries
the acr of the login so the high assurance gate can read it.
"""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from bti.portal import logger
from bti.portal.oidc.interfaces import IBTIOIDCPlugin
from bti.portal.oidc.protocol import FLOW_MAX_AGE
from bti.portal.oidc.settings import oidc_settings
from bti.portal.oidc.settings import pid_hash
from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from pas.plugins.oidc.plugins import OIDCPlugin
from plone.keyring.interfaces import IKeyManager
from plone.keyring.keyring import Keyring
from Products.PluggableAuthService.interfaces.plugins import ICredentialsResetPlugin
from Products.PluggableAuthService.utils import classImplements
from zope.component import getUtility
from zope.interface import classImplementsFirst

import hashlib
import secrets
import time


PLUGIN_ID = "oidc"
ACR_TOKEN = "acr:"  # noqa: S105 (prefix of the session ticket token with the acr)
STATE_SLOT = FLOW_MAX_AGE  # seconds of login flows per set of used states

# What pas.plugins.oidc reads through getProperty; the rest is in the registry.
FIXED_PROPERTIES = {
    "use_pkce": True,
    "use_session_data_manager": False,
    "create_user": True,
    "create_groups": False,
    "create_ticket": True,
    "create_restapi_ticket": False,
    "allowed_groups": (),
    "redirect_uris": (),
    "identity_domain_name": "",
}


PRIVATE_METHODS = (
    "getProperty",
    "is_configured",
    "challenge",
    "userid_for",
    "userids_for_pid",
    "userids_for_pid_hash",
    "pid_hash_of",
    "login_person",
    "rememberIdentity",
    "get_oauth2_client",
    "get_redirect_uris",
    "get_scopes",
    "user_can_login",
    "spend_state",
    "end_sessions",
    "resetCredentials",
)


class BTIOIDCPlugin(OIDCPlugin):
    """OIDC login at ID-porten level; settings live in the registry."""

    meta_type = "BTI OIDC Plugin"
    security = ClassSecurityInfo()
    # Nothing of the plugin is for the web: login, callback and logout are
    # views. Every method, ours and pas.plugins.oidc's, is private.
    security.declarePrivate(*PRIVATE_METHODS)
    _properties = ({"id": "title", "type": "string", "mode": "w", "label": "Title"},)

    def __init__(self, id: str, title: str | None = None):  # noqa: A002
        super().__init__(id, title)
        self._userid_by_subject = OOBTree()  # "iss|sub" -> user id
        self._pid_hash_by_userid = OOBTree()  # user id -> HMAC of pid
        self._userids_by_pid_hash = OOBTree()  # HMAC of pid -> tuple of user ids

    def getProperty(self, id: str, d=None):  # noqa: A002
        if id in FIXED_PROPERTIES:
            return FIXED_PROPERTIES[id]
        settings = oidc_settings()
        if id == "issuer":
            return settings.issuer
        if id == "client_id":
            return settings.client_id
        if id == "client_secret":
            return settings.client_secret
        if id == "scope":
            return tuple(settings.scopes)
        return super().getProperty(id, d)

    def is_configured(self) -> bool:
        settings = oidc_settings()
        return bool(settings.issuer and settings.client_id)

    def challenge(self, request, response) -> bool:
        """Send anonymous people to the provider; without a provider, Plone's form."""
        if not self.is_configured():
            return False
        return super().challenge(request, response)

    def userid_for(self, issuer: str, subject: str) -> str:
        """The opaque Plone user id of a provider's subject, made on first login."""
        key = f"{issuer}|{subject}"
        userid = self._userid_by_subject.get(key)
        if userid is None:
            userid = "u-" + secrets.token_hex(12)
            self._userid_by_subject[key] = userid
        return userid

    def userids_for_pid(self, pid: str) -> tuple[str, ...]:
        """Plone user ids whose logins carried this national id."""
        return self.userids_for_pid_hash(pid_hash(pid))

    def userids_for_pid_hash(self, hashed: str) -> tuple[str, ...]:
        """Plone user ids whose logins carried the national id with this hash."""
        return self._userids_by_pid_hash.get(hashed, ())

    def pid_hash_of(self, userid: str) -> str | None:
        return self._pid_hash_by_userid.get(userid)

    def spend_state(self, state: str, issued_at: int) -> bool:
        """Record a login flow's state as used; False if it was used before.

        The flow's nonce and PKCE verifier travel with its state, so a flow
        is spent once. Kept in the ZODB (several processes serve the site),
        one set per STATE_SLOT seconds of flow start, keyed by the state's
        SHA-256; sets older than a flow can live are dropped whole, so a
        callback writes one set and, now and then, the small index.
        """
        used_states = self.__dict__.get("_used_states")
        if used_states is None:
            used_states = self._used_states = OOBTree()
        slot = int(issued_at) // STATE_SLOT
        digest = hashlib.sha256(state.encode("utf-8")).hexdigest()
        used = used_states.get(slot)
        if used is None:
            used = used_states[slot] = OOTreeSet()
        if digest in used:
            return False
        used.insert(digest)
        oldest = int(time.time()) // STATE_SLOT - 2
        for old in list(used_states.keys(max=oldest, excludemax=True)):
            del used_states[old]
        return True

    def resetCredentials(self, request, response) -> None:
        """Runs before plone.session's reset: drop a ticket that does not verify.

        With per-user keyrings plone.session's reset renews the keyring of
        whatever user id the request's ticket names, unchecked; a forged
        cookie (or ``__ac`` in the query string) must not end another
        person's sessions.
        """
        session = self._getPAS().get("session")
        if session is None:
            return
        cookie = session.extractCredentials(request).get("cookie")
        if cookie is None or session._validateTicket(cookie) is not None:
            return
        name = session.getProperty("cookie_name")
        for values in (request.cookies, request.form, request.other):
            values.pop(name, None)

    def end_sessions(self, session, userid: str) -> None:
        """Server-side logout: every session ticket of this user stops working.

        plone.session signs each user's tickets with a per-user keyring when
        per_user_keyring is on; a new secret in that ring refuses every
        ticket signed before, on every device.
        """
        manager = getUtility(IKeyManager)
        ring = f"{session.secret_prefix}{userid}"
        if ring not in manager:
            manager[ring] = Keyring(1)
        manager.clear(ring=ring)
        manager.rotate(ring=ring)

    def _link_pid(self, userid: str, pid: str) -> None:
        hashed = pid_hash(pid)
        if self._pid_hash_by_userid.get(userid) != hashed:
            self._pid_hash_by_userid[userid] = hashed
        linked = self._userids_by_pid_hash.get(hashed, ())
        if userid not in linked:
            self._userids_by_pid_hash[hashed] = (*linked, userid)

    def login_person(self, claims: dict) -> str:
        """Create or update the user of validated claims; set the session ticket."""
        pas = self._getPAS()
        userid = self.userid_for(claims["iss"], claims["sub"])
        if claims.get("pid"):
            self._link_pid(userid, str(claims["pid"]))
        profile = {
            k: claims[k]
            for k in ("email", "given_name", "family_name", "name")
            if k in claims
        }
        user = pas.getUserById(userid)
        first_login = user is None
        if first_login:
            user = self._create_user(userid)
        self._update_user(user, userinfo=profile, first_login=first_login)
        if not pas.session.getProperty("per_user_keyring"):
            # A ticket signed with the user's own keyring can be revoked at
            # logout (end_sessions); the install step should set this too.
            pas.session.per_user_keyring = True
        pas.session._setupSession(
            userid,
            self.REQUEST.response,
            tokens=(ACR_TOKEN + str(claims.get("acr", "")),),
        )
        logger.info("OIDC login of %s (acr %s)", userid, claims.get("acr"))
        return userid


InitializeClass(BTIOIDCPlugin)
classImplementsFirst(BTIOIDCPlugin, IBTIOIDCPlugin)
classImplements(BTIOIDCPlugin, ICredentialsResetPlugin)
