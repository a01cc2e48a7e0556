"""The OIDC login control panel, in the classic UI and in @controlpanels.

The client secret and the private key are write-only: neither form nor
REST ever sends them back, and a blank value keeps the stored one. The
issuer must be https unless the site is in demo mode.
"""

from bti.portal import _
from bti.portal.interfaces import IBTIPortalLayer
from bti.portal.oidc.interfaces import IOIDCSettings
from bti.portal.oidc.interfaces import OIDC_PREFIX
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.registry.interfaces import IRegistry
from plone.restapi.controlpanels import IControlpanel
from plone.restapi.controlpanels import RegistryConfigletPanel
from plone.restapi.deserializer import json_body
from plone.restapi.deserializer.controlpanels import ControlpanelDeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.controlpanels import ControlpanelSerializeToJson
from plone.z3cform import layout
from z3c.form.interfaces import IErrorViewSnippet
from zExceptions import BadRequest
from zope.component import adapter
from zope.component import getMultiAdapter
from zope.component import getUtility
from zope.i18n import translate
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import Invalid


SECRET_FIELDS = ("client_secret", "private_key")
HTTPS_REQUIRED = _(
    "error_oidc_issuer_https",
    default="The issuer must be an https:// address. A plain http:// issuer "
    "is allowed only in demo mode.",
)


def issuer_problem(issuer: str | None, demo_mode: bool | None):
    """The message for an issuer the site may not use, or None."""
    if issuer and not issuer.lower().startswith("https://") and not demo_mode:
        return HTTPS_REQUIRED
    return None


class OIDCSettingsEditForm(RegistryEditForm):
    schema = IOIDCSettings
    schema_prefix = OIDC_PREFIX
    label = _("label_oidc_settings", default="Login (ID-porten / OpenID Connect)")
    description = _(
        "help_oidc_settings",
        default="The identity provider this site's people log in with, "
        "and the level required.",
    )

    def updateWidgets(self, prefix=None):
        super().updateWidgets(prefix)
        for name in SECRET_FIELDS:  # write-only: never rendered back
            if name in self.widgets:
                self.widgets[name].value = ""

    def extractData(self, setErrors=True):
        data, errors = super().extractData(setErrors=setErrors)
        problem = issuer_problem(data.get("issuer"), data.get("demo_mode"))
        widget = self.widgets.get("issuer")
        if problem and widget is not None and not widget.error:
            view = getMultiAdapter(
                (
                    Invalid(problem),
                    self.request,
                    widget,
                    widget.field,
                    self,
                    self.getContent(),
                ),
                IErrorViewSnippet,
            )
            view.update()
            if setErrors:
                widget.error = view
            errors = (*errors, view)
        return data, errors

    def applyChanges(self, data: dict):
        """A blank secret or key in the form keeps the stored one."""
        for name in SECRET_FIELDS:
            if not data.get(name):
                data.pop(name, None)
        return super().applyChanges(data)


OIDCSettingsView = layout.wrap_form(OIDCSettingsEditForm, ControlPanelFormWrapper)


class IOIDCControlpanel(IControlpanel):
    """Marker of the OIDC settings in @controlpanels."""


@adapter(Interface, IBTIPortalLayer)
@implementer(IOIDCControlpanel)
class OIDCSettingsControlpanel(RegistryConfigletPanel):
    schema = IOIDCSettings
    schema_prefix = OIDC_PREFIX
    configlet_id = "bti-oidc-settings"
    configlet_category_id = "Products"
    title = _("label_oidc_settings", default="Login (ID-porten / OpenID Connect)")
    group = "Products"


@implementer(ISerializeToJson)
@adapter(IOIDCControlpanel)
class OIDCSettingsSerializeToJson(ControlpanelSerializeToJson):
    """GET: the secrets read as blank."""

    def __call__(self):
        result = super().__call__()
        for name in SECRET_FIELDS:
            if name in result.get("data", {}):
                result["data"][name] = ""
        return result


@implementer(IDeserializeFromJson)
@adapter(IOIDCControlpanel)
class OIDCSettingsDeserializeFromJson(ControlpanelDeserializeFromJson):
    """PATCH: a blank secret keeps the stored one; an http issuer needs demo mode."""

    def __call__(self, mask_validation_errors=True):
        data = json_body(self.request)
        registry = getUtility(IRegistry)
        stored = {name: registry[f"{OIDC_PREFIX}.{name}"] for name in SECRET_FIELDS}
        super().__call__(mask_validation_errors=mask_validation_errors)
        for name in SECRET_FIELDS:
            if name in data and not data[name]:
                registry[f"{OIDC_PREFIX}.{name}"] = stored[name]
        problem = issuer_problem(
            registry[f"{OIDC_PREFIX}.issuer"], registry[f"{OIDC_PREFIX}.demo_mode"]
        )
        if problem and ("issuer" in data or "demo_mode" in data):
            raise BadRequest([
                {
                    "field": "issuer",
                    "error": "ValidationError",
                    "message": translate(problem, context=self.request),
                }
            ])
