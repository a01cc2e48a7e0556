"""The BTI settings control panel, in the classic UI and in @controlpanels."""

from bti.portal import _
from bti.portal.interfaces import IBTIPortalLayer
from bti.portal.interfaces import IBTISettings
from bti.portal.settings import SETTINGS_PREFIX
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.restapi.controlpanels import RegistryConfigletPanel
from plone.z3cform import layout
from zope.component import adapter
from zope.interface import Interface


class BTISettingsEditForm(RegistryEditForm):
    schema = IBTISettings
    schema_prefix = SETTINGS_PREFIX
    label = _("label_bti_settings", default="BTI settings")
    description = _(
        "help_bti_settings",
        default="The municipality's BTI settings. The rest of the portal reads them "
        "here.",
    )


BTISettingsView = layout.wrap_form(BTISettingsEditForm, ControlPanelFormWrapper)


@adapter(Interface, IBTIPortalLayer)
class BTISettingsControlpanel(RegistryConfigletPanel):
    schema = IBTISettings
    schema_prefix = SETTINGS_PREFIX
    configlet_id = "bti-settings"
    configlet_category_id = "Products"
    title = _("label_bti_settings", default="BTI settings")
    group = "Products"
