"""1017 -> 1018: statistics. The permission "View statistics" (Manager; the
log folder grants it to Coordinator and UnitLeader), and the counts of what
the logs' and concerns' workflow histories already hold."""

from bti.portal.relaylog.statistics.history import rebuild
from bti.portal.setuphandlers import LOG_FOLDER_ID
from bti.portal.setuphandlers.logs import apply_log_folder_grants
from plone import api

import logging


PROFILE = "profile-bti.portal:default"
logger = logging.getLogger("bti.portal.upgrades")


def upgrade(context):
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "rolemap", run_dependencies=False)
    portal = api.portal.get()
    folder = portal.get(LOG_FOLDER_ID)
    if folder is not None:
        apply_log_folder_grants(folder)
    counted = rebuild(portal)
    logger.info("statistics: %d events counted from workflow histories", counted)
