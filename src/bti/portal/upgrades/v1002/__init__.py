"""1001 -> 1002: no public views on logs; the roles and permissions that replace them.

New: the role RelayOffered (the colleague named in an open handover offer), the
permissions "Answer handover offer", "Sign consent" (both managed by the log
workflow) and "View unit audit" (granted on the log folder, held by UnitLeader,
now a local role on each unit for its leaders).
"""

from bti.portal.domain import permissions as p
from bti.portal.relaylog import roles
from bti.portal.relaylog.handover import rules as handover
from bti.portal.setuphandlers import LOG_FOLDER_ID
from bti.portal.setuphandlers.logs import apply_log_folder_grants
from plone import api


PROFILE = "profile-bti.portal:default"


def upgrade(context):
    context.runImportStepFromProfile(PROFILE, "rolemap")
    context.runImportStepFromProfile(PROFILE, "workflow")
    portal = api.portal.get()
    folder = portal.get(LOG_FOLDER_ID)
    if folder is not None:
        apply_log_folder_grants(folder)
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Unit"):
        roles.sync_unit_leaders(brain._unrestrictedGetObject())
    for brain in catalog.unrestrictedSearchResults(portal_type="RelayLog"):
        log = brain._unrestrictedGetObject()
        offer = handover.current_offer(log)
        if offer:
            roles.set_role(log, offer["to"], p.RELAY_OFFERED)
    # The log workflow manages the new permissions: apply its state maps anew.
    api.portal.get_tool("portal_workflow").updateRoleMappings()
