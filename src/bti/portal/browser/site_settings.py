"""Views and viewlets that expose each site's own settings."""

from bti.portal.domain.colour import readable
from bti.portal.settings import get_settings
from plone.app.layout.viewlets import ViewletBase
from Products.Five.browser import BrowserView


class ThemeColourViewlet(ViewletBase):
    """Expose the site's colour as a CSS custom property the theme uses.

    White text sits on it and it colours links and outline buttons on light
    backgrounds: a colour too light for 4.5:1 is darkened (WCAG 2.1 AA)."""

    def colour(self) -> str:
        # Validated as #rrggbb on save, so it is safe inside a style element.
        return readable(get_settings().theme_colour)


class MunicipalitiesViewlet(ViewletBase):
    """The municipalities this site serves, under the site title."""

    def municipalities(self) -> list[str]:
        return list(get_settings().municipalities or [])


class FormsEmailView(BrowserView):
    """The forms' recipient, for the mailer's recipient override in EasyForms."""

    def __call__(self) -> str:
        return get_settings().forms_email or ""
