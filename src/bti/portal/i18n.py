"""Language fallbacks between message catalogs.

Plone's own catalogs (plone.app.locales) name Norwegian bokmål ``no`` and
have almost no nynorsk. Our sites use ``nb`` and ``nn``. With a fallback,
a message missing in ``language`` is looked up in ``fallback``'s catalogs
before zope.i18n falls back to English.
"""

from zope.component import getUtilitiesFor
from zope.i18n.interfaces import ITranslationDomain
from zope.interface import Interface
from zope.schema import TextLine


# Runs after every i18n:registerTranslations action (those have order 0).
LATE_ORDER = 10_000


class ILanguageFallbackDirective(Interface):
    language = TextLine(title="Language whose missing messages fall back", required=True)
    fallback = TextLine(title="Language whose catalogs are asked next", required=True)


def add_language_fallback(language: str, fallback: str) -> int:
    """Append ``fallback``'s catalogs to ``language`` in every domain.

    A domain's catalogs for one language are asked in order, so the
    language's own catalogs still win. Returns how many domains changed.
    """
    changed = 0
    for _name, domain in getUtilitiesFor(ITranslationDomain):
        catalogs = getattr(domain, "_catalogs", None)
        if catalogs is None or fallback not in catalogs:
            continue
        own = catalogs.get(language, [])
        added = [name for name in catalogs[fallback] if name not in own]
        for catalog_name in added:
            domain._registerMessageCatalog(language, catalog_name)
        changed += bool(added)
    return changed


def language_fallback(_context, language, fallback):
    _context.action(
        discriminator=("bti:languageFallback", language),
        callable=add_language_fallback,
        args=(language, fallback),
        order=LATE_ORDER,
    )
