"""Registry schema of the OIDC login (prefix bti.portal.oidc)."""

from bti.portal import _
from zope import schema
from zope.interface import Interface
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


OIDC_PREFIX = "bti.portal.oidc"
SECRETS_PREFIX = "bti.portal.oidc_secrets"
HIGH = "idporten-loa-high"

TOKEN_AUTH_METHODS = SimpleVocabulary([
    SimpleTerm(method, method, method)
    for method in ("client_secret_basic", "client_secret_post", "private_key_jwt")
])


class IOIDCSettings(Interface):
    """What the site's OpenID provider (ID-porten or a municipality IdP) needs."""

    issuer = schema.TextLine(
        title=_("label_oidc_issuer", default="Issuer"),
        description=_(
            "help_oidc_issuer",
            default="The provider's issuer URL, e.g. https://test.idporten.no",
        ),
        required=False,
        default="",
    )
    client_id = schema.TextLine(
        title=_("label_oidc_client_id", default="Client id"), required=False, default=""
    )
    client_secret = schema.Password(
        title=_("label_oidc_client_secret", default="Client secret"),
        description=_(
            "help_oidc_write_only",
            default="Never shown again once saved. Leave blank to keep the "
            "stored value.",
        ),
        required=False,
        default="",
    )
    private_key = schema.Text(
        title=_(
            "label_oidc_private_key", default="Private key (PEM) for private_key_jwt"
        ),
        description=_(
            "help_oidc_write_only",
            default="Never shown again once saved. Leave blank to keep the "
            "stored value.",
        ),
        required=False,
        default="",
    )
    private_key_id = schema.TextLine(
        title=_("label_oidc_private_key_id", default="Key id (kid) of the private key"),
        required=False,
        default="",
    )
    token_endpoint_auth_method = schema.Choice(
        title=_("label_oidc_token_auth", default="Token endpoint authentication"),
        vocabulary=TOKEN_AUTH_METHODS,
        required=True,
        default="client_secret_basic",
    )
    scopes = schema.List(
        title=_("label_oidc_scopes", default="Scopes"),
        value_type=schema.TextLine(),
        required=True,
        default=["openid", "profile"],
    )
    acr_values = schema.List(
        title=_("label_oidc_acr_values", default="Accepted acr values"),
        description=_(
            "help_oidc_acr_values",
            default="A login whose acr is not in this list is refused. "
            "The first is asked for.",
        ),
        value_type=schema.TextLine(),
        required=True,
        default=[HIGH],
    )
    signing_acr_values = schema.List(
        title=_("label_oidc_signing_acr_values", default="Acr values for signing"),
        description=_(
            "help_oidc_signing_acr_values",
            default="A consent is signed or withdrawn only in a session whose "
            "login had one of these. Only the high level is allowed.",
        ),
        value_type=schema.Choice(values=[HIGH]),
        required=True,
        min_length=1,
        default=[HIGH],
    )
    secure_cookies = schema.Bool(
        title=_("label_oidc_secure_cookies", default="Secure cookies (HTTPS only)"),
        required=False,
        default=True,
    )
    demo_mode = schema.Bool(
        title=_("label_oidc_demo_mode", default="Demo mode: local password logins"),
        description=_(
            "help_oidc_demo_mode",
            default="Allows the demo users' local passwords. Never on in production.",
        ),
        required=False,
        default=False,
    )


class IOIDCSecrets(Interface):
    """Per-site secrets, made at install, not shown in the control panel."""

    pid_hash_key = schema.ASCIILine(
        title="Key of the HMAC-SHA256 of national ids", required=False, default=""
    )


class IBTIOIDCPlugin(Interface):
    """Marker of our OIDC PAS plugin; our login, callback and logout views."""
