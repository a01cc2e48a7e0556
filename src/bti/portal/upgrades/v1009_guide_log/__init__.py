"""1007 -> 1009: the guide inside a log (bti.portal.relaylog.guide).

Guide steps get two metadata columns, ``bti_log_action`` (the log action a
step names) and ``bti_step_links`` (the UIDs of its tools and forms), filled
for every existing step.
"""

from plone import api


COLUMNS = ("bti_log_action", "bti_step_links")


def upgrade(context):
    catalog = api.portal.get_tool("portal_catalog")
    for name in COLUMNS:
        if name not in catalog.schema():
            catalog.addColumn(name)
    for brain in catalog.unrestrictedSearchResults(portal_type="GuideStep"):
        obj = brain._unrestrictedGetObject()
        catalog.catalog_object(obj, brain.getPath(), idxs=["getId"], update_metadata=1)
