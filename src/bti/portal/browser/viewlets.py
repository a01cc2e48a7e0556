"""Viewlets that show each site's own settings in the theme."""

from bti.portal.settings import get_settings
from plone.app.layout.viewlets import ViewletBase


class ThemeColourViewlet(ViewletBase):
    """Expose the site's colour as a CSS custom property the theme uses."""

    def colour(self) -> str:
        # Validated as #rrggbb on save, so it is safe inside a style element.
        return get_settings().theme_colour


class MunicipalitiesViewlet(ViewletBase):
    """The municipalities this site serves, under the site title."""

    def municipalities(self) -> list[str]:
        return list(get_settings().municipalities or [])
