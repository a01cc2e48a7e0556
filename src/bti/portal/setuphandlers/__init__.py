"""Install and uninstall hooks."""

from plone.base.interfaces import INonInstallable
from Products.GenericSetup import profile_registry
from zope.interface import implementer


UPGRADES = "bti.portal.upgrades"


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """Hide the uninstall profile and the upgrade steps' own profiles."""
        upgrades = [
            info["id"]
            for info in profile_registry.listProfileInfo()
            if (info.get("product") or "").startswith(UPGRADES)
        ]
        return ["bti.portal:uninstall", *upgrades]

    def getNonInstallableProducts(self):
        """Hide the upgrades package from the add-ons control panel."""
        return [UPGRADES]


LOG_FOLDER_ID = "logs"
STAFF_GROUP = "bti-staff"
COORDINATOR_GROUP = "bti-coordinators"


def post_install(setup_tool):
    """The log folder and the two groups that reach it (run after the default profile)."""
    from bti.portal.setuphandlers.languages import enable_family_languages  # noqa: PLC0415
    from bti.portal.setuphandlers.logs import ensure_log_folder  # noqa: PLC0415
    from bti.portal.setuphandlers.portlets import settle_portlet_settings  # noqa: PLC0415
    from plone import api  # noqa: PLC0415

    ensure_log_folder(api.portal.get())
    settle_portlet_settings(api.portal.get())
    enable_family_languages()
