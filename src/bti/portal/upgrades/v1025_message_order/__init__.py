"""1024 -> 1025: messages get one sort key (indexers.logs.message_order), filled
for the messages already there: the log page sorted every message of the log
on two keys to show one page, so it grew with the log."""

from bti.portal.relaylog import MESSAGE_ORDER as INDEX
from plone import api

import transaction


PROFILE = "profile-bti.portal:default"
BATCH = 1000  # messages woken between savepoints (memory stays flat)


def upgrade(context):
    context.runImportStepFromProfile(PROFILE, "catalog")
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type="LogMessage")
    for number, brain in enumerate(brains, start=1):
        message = brain._unrestrictedGetObject()
        catalog.catalog_object(
            message, brain.getPath(), idxs=[INDEX], update_metadata=0
        )
        if number % BATCH == 0:
            transaction.savepoint(optimistic=True)
            catalog._p_jar.cacheGC()
