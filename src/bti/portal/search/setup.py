"""Install the Norwegian element into ``plone_lexicon`` and take it out again.

Runs after the ``bti.portal:default`` profile (and ``:uninstall``) has been
imported, from GenericSetup's ProfileImportedEvent: no import step that
would run for every other profile, no marker file.

The lexicon is shared by the Title, Description and SearchableText indexes
(every ZCTextIndex of the catalog that uses it): after the pipeline changes,
those indexes and the lexicon's word list are cleared and the indexes
rebuilt, so what is stored matches what queries look up.

Install also adds the "Search the action guide" entry of the main menu,
shown to staff (the global role Staff) and site managers only.
"""

from Acquisition import aq_base
from bti.portal import logger
from bti.portal.search.pipeline import NorwegianNormalizer
from Products.CMFCore.ActionInformation import Action
from Products.CMFCore.utils import getToolByName
from Products.ZCTextIndex.PipelineFactory import element_factory
from zope.globalrequest import getRequest


LEXICON = "plone_lexicon"
COLUMNS = ("bti_step_number",)
MENU_ACTION = "bti-guide-search"
STAFF_ROLES = ("Staff", "Manager", "Site Administrator")
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
    """Element and menu entry; True when the element was added.

    The ``bti_step_number`` column comes with ``catalog.xml`` (a new site) or
    upgrade step 1003 (``add_columns``).
    """
    add_menu_action(context)
    return add_element(context)


def add_element(context, force_reindex: bool = False) -> bool:
    """Add the element after the case normalizer; True when it changed."""
    catalog, lexicon = _lexicon(context)
    if lexicon is None:
        return False
    if has_element(lexicon):
        if force_reindex:
            reindex(catalog)
        return False
    pipeline = tuple(lexicon._pipeline)
    position = len(pipeline)
    for i, element in enumerate(pipeline):
        if _group(element) in ("Case Normalizer", "Word Splitter"):
            position = i + 1  # after splitter and normalizer, before stop words
    lexicon._pipeline = (
        *pipeline[:position],
        NorwegianNormalizer(),
        *pipeline[position:],
    )
    reindex(catalog)
    logger.info("Norwegian compounds and variants added to %s", LEXICON)
    return True


def uninstall(context) -> bool:
    """Take the element out again (the original pipeline); True when it changed."""
    remove_menu_action(context)
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


def add_columns(context) -> list[str]:
    """The metadata columns of the search, filled for the objects that have them."""
    catalog = getToolByName(context, "portal_catalog")
    added = [name for name in COLUMNS if name not in catalog.schema()]
    for name in added:
        catalog.addColumn(name)
    if added:
        for brain in catalog.unrestrictedSearchResults(portal_type="GuideStep"):
            obj = brain._unrestrictedGetObject()
            path = brain.getPath()
            catalog.catalog_object(obj, path, idxs=["getId"], update_metadata=1)
    return added


def add_menu_action(context) -> bool:
    """The guide search in the main menu (``portal_tabs``), for staff only."""
    actions = getToolByName(context, "portal_actions")
    tabs = getattr(actions, "portal_tabs", None)
    if tabs is None or MENU_ACTION in tabs.objectIds():
        return False
    action = Action(
        MENU_ACTION,
        title="Search the action guide",
        description="Ranked search of the action guide, with filters",
        i18n_domain="bti.portal",
        url_expr="string:${globals_view/navigationRootUrl}/@@guide-search",
        available_expr=(
            f"python:member is not None and member.has_role({STAFF_ROLES!r}, portal)"
        ),
        permissions=("View",),
        visible=True,
    )
    tabs._setObject(MENU_ACTION, action)
    return True


def remove_menu_action(context) -> None:
    actions = getToolByName(context, "portal_actions")
    tabs = getattr(actions, "portal_tabs", None)
    if tabs is not None and MENU_ACTION in tabs.objectIds():
        tabs._delObject(MENU_ACTION)
