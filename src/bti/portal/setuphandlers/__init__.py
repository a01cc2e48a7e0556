"""Install and uninstall hooks."""

from plone.base.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """Hide the uninstall profile from the add-ons control panel."""
        return ["bti.portal:uninstall"]

    def getNonInstallableProducts(self):
        return []
