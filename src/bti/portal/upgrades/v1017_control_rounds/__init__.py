"""1016 -> 1017: control rounds and staff lists of units.

New: the permissions "Run control rounds" and "Manage unit staff" (granted on
the log folder to Manager, UnitLeader and Coordinator, held on units), and the
setting of the round days (bti.portal.control_round_days).
"""

from bti.portal.setuphandlers import LOG_FOLDER_ID
from bti.portal.setuphandlers.logs import apply_log_folder_grants
from plone import api


PROFILE = "profile-bti.portal:default"


def upgrade(context):
    context.runImportStepFromProfile(PROFILE, "rolemap")
    context.runImportStepFromProfile(PROFILE, "plone.app.registry")
    folder = api.portal.get().get(LOG_FOLDER_ID)
    if folder is not None:
        apply_log_folder_grants(folder)
