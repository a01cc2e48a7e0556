"""Read the municipality settings; the one place the product gets them from."""

from bti.portal.interfaces import IBTISettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


SETTINGS_PREFIX = "bti.portal"


def get_settings() -> IBTISettings:
    """The current site's BTI settings as a registry proxy."""
    registry = getUtility(IRegistry)
    return registry.forInterface(IBTISettings, prefix=SETTINGS_PREFIX)
