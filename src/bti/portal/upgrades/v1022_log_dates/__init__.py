"""1021 -> 1022: each log's earliest open activity deadline and latest consent
end as catalog indexes (relaylog.dashboard.log_dates), filled for the logs
already there: the dashboard asks them instead of every activity and consent.
"""

from bti.portal.relaylog.dashboard.log_dates import INDEXES
from plone import api


PROFILE = "profile-bti.portal:default"


def upgrade(context):
    context.runImportStepFromProfile(PROFILE, "catalog")
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="RelayLog"):
        log = brain._unrestrictedGetObject()
        catalog.catalog_object(
            log, brain.getPath(), idxs=list(INDEXES), update_metadata=0
        )
