"""Language fallbacks between message catalogs.

Plone's own catalogs (plone.app.locales) name Norwegian bokmål ``no`` and
have almost no nynorsk. Our sites use ``nb`` and ``nn``. With a fallback,
a message missing in ``language`` is looked up in ``fallback``'s catalogs
before zope.i18n falls back to English.
"""

from pathlib import Path
from zope.component import getUtilitiesFor
from zope.i18n.gettextmessagecatalog import GettextMessageCatalog
from zope.i18n.interfaces import ITranslationDomain
from zope.interface import Interface
from zope.schema import TextLine


# Runs after every i18n:registerTranslations action (those have order 0).
LATE_ORDER = 10_000


class ILanguageFallbackDirective(Interface):
    language = TextLine(
        title="Language whose missing messages fall back", required=True
    )
    fallback = TextLine(title="Language whose catalogs are asked next", required=True)


class FallbackCatalog(GettextMessageCatalog):
    """A fallback language's compiled catalog registered for another language,
    under its own identifier so the fallback's own entry stays as it is."""

    def getIdentifier(self):
        return f"{super().getIdentifier()}#{self.language}"


def add_language_fallback(language: str, fallback: str) -> int:
    """Append ``fallback``'s compiled catalogs to ``language`` in every domain.

    A domain's catalogs for one language are asked in order, so the
    language's own catalogs still win. Returns how many domains changed.
    """
    changed = 0
    for _name, domain in getUtilitiesFor(ITranslationDomain):
        get_info = getattr(domain, "getCatalogsInfo", None)
        if get_info is None:
            continue
        info = get_info()
        own = set(info.get(language, ()))
        added = 0
        for path in list(info.get(fallback, ())):
            if not (str(path).endswith(".mo") and Path(path).is_file()):
                continue  # not a compiled gettext file
            catalog = FallbackCatalog(language, domain.domain, path)
            if catalog.getIdentifier() not in own:
                domain.addCatalog(catalog)
                added += 1
        changed += bool(added)
    return changed


def language_fallback(_context, language, fallback):
    _context.action(
        discriminator=("bti:languageFallback", language),
        callable=add_language_fallback,
        args=(language, fallback),
        order=LATE_ORDER,
    )
