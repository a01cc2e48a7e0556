"""1000 -> 1001: the Stafettlogg arrives (types, workflows, indexes, /logs)."""

from bti.portal.setuphandlers.languages import enable_family_languages
from bti.portal.setuphandlers.logs import ensure_log_folder
from plone import api


PROFILE = "profile-bti.portal:default"
STEPS = (
    "rolemap",
    "typeinfo",
    "workflow",
    "catalog",
    "repositorytool",
    "sharing",
    "actions",
)


def upgrade(context):
    for step in STEPS:
        context.runImportStepFromProfile(PROFILE, step)
    ensure_log_folder(api.portal.get())
    enable_family_languages()
