"""1020 -> 1021: "Archive copies" in the main menu for archivists, and no
Plone dashboard ("Instrumentbord") in the user menu (the actions read again)."""

PROFILE = "profile-bti.portal:default"


def upgrade(context):
    context.runImportStepFromProfile(PROFILE, "actions")
