"""1013 -> 1014: the staff work page "Mitt arbeid": its permission (Staff,
Manager) and its entry in the main menu (portal_tabs)."""

from plone import api


PROFILE = "profile-bti.portal:default"


def upgrade(context):
    setup = api.portal.get_tool("portal_setup")
    for step in ("rolemap", "actions"):
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
