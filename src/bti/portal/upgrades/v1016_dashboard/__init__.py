"""1015 -> 1016: the oversight dashboard.

New catalog indexes (bti_people_roles, bti_leaders, bti_last_activity) and
columns (bti_last_activity, bti_consent_expiry), filled for the logs, units and
consents already there; the idle-days setting; the dashboard permission and the
main menu entry.
"""

from plone import api


PROFILE = "profile-bti.portal:default"
NEW_INDEXES = ("bti_people_roles", "bti_leaders", "bti_last_activity")


def upgrade(context):
    for step in ("catalog", "plone.app.registry", "rolemap", "actions"):
        context.runImportStepFromProfile(PROFILE, step)
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type=["RelayLog", "Unit", "Consent"]
    ):
        obj = brain._unrestrictedGetObject()
        catalog.reindexObject(obj, idxs=list(NEW_INDEXES), update_metadata=1)
