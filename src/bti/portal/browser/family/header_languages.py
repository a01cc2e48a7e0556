"""The header's language links give way to the product's switcher on the
pages that have one (family pages, "Mine logger"): one switcher per page.
Elsewhere (a log's page) it names each language as that switcher does
("Norsk nynorsk", not Plone's "Nynorsk")."""

from bti.portal.content.family_page import LANGUAGE_NAMES
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

    def languages(self) -> list[dict]:
        return [
            {**lang, "native": LANGUAGE_NAMES.get(lang["code"], lang.get("native"))}
            for lang in super().languages()
        ]
