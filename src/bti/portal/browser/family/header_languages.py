"""The header's language links give way to the product's switcher on the
pages that have one (family pages, "Mine logger"): one switcher per page."""

from pathlib import Path
from plone.app.i18n.locales.browser import selector
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


class HeaderLanguages(selector.LanguageSelector):
    render = ViewPageTemplateFile(
        "languageselector.pt", _prefix=str(Path(selector.__file__).parent)
    )

    def available(self) -> bool:
        if getattr(self.view, "language_switcher", None) is not None:
            return False
        return super().available()
