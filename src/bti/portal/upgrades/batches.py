"""A new catalog index filled for the objects already there, in batches."""

from plone import api

import transaction


PROFILE = "profile-bti.portal:default"
BATCH = 1000  # objects woken between savepoints (memory stays flat)


def fill_index(context, index: str, portal_type: str, wanted=None) -> None:
    """Add ``index`` (the profile's catalog.xml) and index every object of
    ``portal_type`` in it (those ``wanted(obj)`` says yes to)."""
    context.runImportStepFromProfile(PROFILE, "catalog")
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type=portal_type)
    for number, brain in enumerate(brains, start=1):
        obj = brain._unrestrictedGetObject()
        if wanted is None or wanted(obj):
            catalog.catalog_object(
                obj, brain.getPath(), idxs=[index], update_metadata=0
            )
        if number % BATCH == 0:
            transaction.savepoint(optimistic=True)
            catalog._p_jar.cacheGC()
