"""1025 -> 1026: minutes are found by their meeting (indexers.logs.minutes_of),
filled for the minutes already there: a meeting page woke every message of
its log to find its minutes."""

from bti.portal.relaylog.meetings.meetings import MINUTES_OF as INDEX
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
        if message.kind == "minutes":
            catalog.catalog_object(
                message, brain.getPath(), idxs=[INDEX], update_metadata=0
            )
        if number % BATCH == 0:
            transaction.savepoint(optimistic=True)
            catalog._p_jar.cacheGC()
