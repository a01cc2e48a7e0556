"""Install the Norwegian element into ``plone_lexicon`` and take it out again.

Runs after the ``bti.portal:default`` profile (and ``:uninstall``) has been
imported, from GenericSetup's ProfileImportedEvent: no import step that
would run for every other profile, no marker file.

The lexicon is shared by the Title, Description and SearchableText indexes
(every ZCTextIndex of the catalog that uses it): after the pipeline changes,
those indexes and the lexicon's word list are cleared and the indexes
rebuilt, so what is stored matches what queries look up.
"""

from Acquisition import aq_base
from bti.portal import logger
from bti.portal.search.pipeline import NorwegianNormalizer
from Products.CMFCore.utils import getToolByName
from Products.ZCTextIndex.PipelineFactory import element_factory
from zope.globalrequest import getRequest


LEXICON = "plone_lexicon"
DEFAULT_PROFILE = "profile-bti.portal:default"
UNINSTALL_PROFILE = "profile-bti.portal:uninstall"


def profile_imported(event) -> None:
    """Subscriber of IProfileImportedEvent: acts for our two profiles only."""
    if event.profile_id == DEFAULT_PROFILE:
        install(event.tool)
    elif event.profile_id == UNINSTALL_PROFILE:
        uninstall(event.tool)


def _lexicon(context):
    catalog = getToolByName(context, "portal_catalog")
    return catalog, getattr(aq_base(catalog), LEXICON, None)


def has_element(lexicon) -> bool:
    return any(isinstance(e, NorwegianNormalizer) for e in lexicon._pipeline)


def _group(element) -> str | None:
    for group in element_factory.getFactoryGroups():
        for factory in element_factory._groups[group].values():
            if factory is element.__class__:
                return group
    return None


def install(context) -> bool:
    """Add the element after the case normalizer; True when it changed."""
    catalog, lexicon = _lexicon(context)
    if lexicon is None or has_element(lexicon):
        return False
    pipeline = tuple(lexicon._pipeline)
    position = len(pipeline)
    for i, element in enumerate(pipeline):
        if _group(element) in ("Case Normalizer", "Word Splitter"):
            position = i + 1  # after splitter and normalizer, before stop words
    lexicon._pipeline = (*pipeline[:position], NorwegianNormalizer(), *pipeline[position:])
    reindex(catalog)
    logger.info("Norwegian compounds and variants added to %s", LEXICON)
    return True


def uninstall(context) -> bool:
    """Take the element out again (the original pipeline); True when it changed."""
    catalog, lexicon = _lexicon(context)
    if lexicon is None or not has_element(lexicon):
        return False
    lexicon._pipeline = tuple(
        e for e in lexicon._pipeline if not isinstance(e, NorwegianNormalizer)
    )
    reindex(catalog)
    logger.info("Norwegian compounds and variants removed from %s", LEXICON)
    return True


def text_indexes(catalog) -> list[str]:
    """The catalog's ZCTextIndexes that use ``plone_lexicon``."""
    return [
        name
        for name, index in catalog._catalog.indexes.items()
        if getattr(aq_base(index), "lexicon_id", None) == LEXICON
    ]


def reindex(catalog) -> None:
    names = text_indexes(catalog)
    for name in names:
        catalog.clearIndex(name)
    lexicon = getattr(aq_base(catalog), LEXICON)
    lexicon.clear()
    if names:
        catalog.reindexIndex(names, getRequest())
