"""Let one language reuse another language's message catalogs.

Plone's own catalogs (plone.app.locales and others) name Norwegian bokmål
``no``; our sites use the ISO code ``nb``. Without an alias, every Plone
label on a bokmål site would fall back to English.
"""

from zope.component import getUtilitiesFor
from zope.i18n.interfaces import ITranslationDomain
from zope.interface import Interface
from zope.schema import TextLine


# Runs after every i18n:registerTranslations action (those have order 0).
LATE_ORDER = 10_000


class ILanguageAliasDirective(Interface):
    language = TextLine(title="Language that lacks catalogs", required=True)
    source = TextLine(title="Language whose catalogs it borrows", required=True)


def alias_catalogs(language: str, source: str) -> int:
    """Register ``source`` catalogs for ``language`` in each domain lacking it.

    Returns the number of domains that got the alias.
    """
    aliased = 0
    for _name, domain in getUtilitiesFor(ITranslationDomain):
        catalogs = getattr(domain, "_catalogs", None)
        if catalogs is None or language in catalogs or source not in catalogs:
            continue
        for catalog_name in catalogs[source]:
            domain._registerMessageCatalog(language, catalog_name)
        aliased += 1
    return aliased


def language_alias(_context, language, source):
    _context.action(
        discriminator=("bti:languageAlias", language),
        callable=alias_catalogs,
        args=(language, source),
        order=LATE_ORDER,
    )
