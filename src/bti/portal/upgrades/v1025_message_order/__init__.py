"""1024 -> 1025: messages get one sort key (indexers.logs.message_order), filled
for the messages already there: the log page sorted every message of the log
on two keys to show one page, so it grew with the log."""

from plone import api


PROFILE = "profile-bti.portal:default"
INDEX = "bti_message_order"


def upgrade(context):
    context.runImportStepFromProfile(PROFILE, "catalog")
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="LogMessage"):
        message = brain._unrestrictedGetObject()
        catalog.catalog_object(
            message, brain.getPath(), idxs=[INDEX], update_metadata=0
        )
