"""The header's language links give way to the product's switcher on the
pages that have one (family pages, "Mine logger"): one switcher per page.
Elsewhere (a log's page) it names each language as that switcher does
("Norsk nynorsk", not Plone's "Nynorsk")."""

from bti.portal.content.family_page import LANGUAGE_NAMES
from pathlib import Path
from plone.app.i18n.locales.browser import selector
from plone.i18n.locales.interfaces import IContentLanguageAvailability
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.component import getUtility


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
            for lang in self._site_languages()
        ]

    def _site_languages(self) -> list[dict]:
        """Plone's ``languages()``: the site's languages that Plone knows, in
        the site's order, the negotiated one selected. Without the tool's
        ``getAvailableLanguageInformation``, which reads the site's languages
        from the registry once for each of the ~400 languages Plone knows."""
        if self.tool is None:
            return []
        current = self.tool.getLanguageBindings(self.request)[0]
        known = getUtility(IContentLanguageAvailability).getLanguages(
            combined=bool(self.tool.use_combined_language_codes)
        )
        return [
            {**known[code], "code": code, "selected": code == current}
            for code in dict.fromkeys(self.tool.getSupportedLanguages())
            if code in known
        ]
