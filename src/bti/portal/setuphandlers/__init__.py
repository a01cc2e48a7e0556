"""Install and uninstall hooks."""

from bti.portal.setuphandlers.logs import COORDINATOR_GROUP
from bti.portal.setuphandlers.logs import LOG_FOLDER_ID
from bti.portal.setuphandlers.logs import STAFF_GROUP
from plone.base.interfaces import INonInstallable
from Products.GenericSetup import profile_registry
from zope.interface import implementer


__all__ = ["COORDINATOR_GROUP", "LOG_FOLDER_ID", "STAFF_GROUP"]

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
