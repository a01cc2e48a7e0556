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

