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


LOCALES = Path(__file__).parent / "locales"


class IOwnCatalogFirstDirective(Interface):
    domain = TextLine(title="Translation domain", required=True)
    language = TextLine(
        title="Language whose own catalog is asked first", required=True
    )


def own_catalog_first(domain_name: str, language: str) -> bool:
    """Ask this product's catalog (locales/) of ``domain_name`` first for
    ``language``: zope.i18n asks a language's catalogs in the order they were
    registered, and Plone's (plone.app.locales) come before ours. Returns
    whether the order changed."""
    for name, domain in getUtilitiesFor(ITranslationDomain):
        get_info = getattr(domain, "getCatalogsInfo", None)
        if name != domain_name or get_info is None:
            continue
        names = get_info().get(language)
        if not names:
            return False
        ours = str(LOCALES)
        before = list(names)
        names.sort(key=lambda path: not str(path).startswith(ours))
        return names != before
    return False


def own_catalog(_context, domain, language):
    _context.action(
        discriminator=("bti:ownCatalogFirst", domain, language),
        callable=own_catalog_first,
        args=(domain, language),
        order=LATE_ORDER,
    )
