"""Views and viewlets that expose each site's own settings."""

from bti.portal.settings import get_settings
from plone.app.layout.viewlets import ViewletBase
from Products.Five.browser import BrowserView


class ThemeColourViewlet(ViewletBase):
    """Expose the site's colour as a CSS custom property the theme uses."""

    def colour(self) -> str:
        # Validated as #rrggbb on save, so it is safe inside a style element.
        return get_settings().theme_colour


class MunicipalitiesViewlet(ViewletBase):
    """The municipalities this site serves, under the site title."""

    def municipalities(self) -> list[str]:
        return list(get_settings().municipalities or [])


class FormsEmailView(BrowserView):
    """The forms' recipient, for the mailer's recipient override in EasyForms."""

    def __call__(self) -> str:
        return get_settings().forms_email or ""
