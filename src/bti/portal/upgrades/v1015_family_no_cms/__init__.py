"""1014 -> 1015: Plone's "Personal preferences" in the user menu only for
staff (the actions read again); families keep "Mine logger" and "Log out"."""

PROFILE = "profile-bti.portal:default"


def upgrade(context):
    context.runImportStepFromProfile(PROFILE, "actions")
