"""The OIDC login control panel, in the classic UI and in @controlpanels."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.restapi.controlpanels import RegistryConfigletPanel
from plone.z3cform import layout
from zope.component import adapter
from zope.interface import Interface

from bti.portal import _
from bti.portal.interfaces import IBTIPortalLayer
from bti.portal.oidc.interfaces import OIDC_PREFIX
from bti.portal.oidc.interfaces import IOIDCSettings


SECRET_FIELDS = ("client_secret", "private_key")


class OIDCSettingsEditForm(RegistryEditForm):
    schema = IOIDCSettings
    schema_prefix = OIDC_PREFIX
    label = _("label_oidc_settings", default="Login (ID-porten / OpenID Connect)")
    description = _(
        "help_oidc_settings",
        default="The identity provider this site's people log in with, "
        "and the level required.",
    )

    def applyChanges(self, data: dict):
        """A blank secret or key in the form keeps the stored one."""
        for name in SECRET_FIELDS:
            if not data.get(name):
                data.pop(name, None)
        return super().applyChanges(data)


OIDCSettingsView = layout.wrap_form(OIDCSettingsEditForm, ControlPanelFormWrapper)


@adapter(Interface, IBTIPortalLayer)
class OIDCSettingsControlpanel(RegistryConfigletPanel):
    schema = IOIDCSettings
    schema_prefix = OIDC_PREFIX
    configlet_id = "bti-oidc-settings"
    configlet_category_id = "Products"
    title = _("label_oidc_settings", default="Login (ID-porten / OpenID Connect)")
    group = "Products"
