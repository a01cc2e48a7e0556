"""1022 -> 1023: no links in the footer to Plone's stock accessibility page
(it is about Plone and its VPAT, with placeholders left unfilled in some
languages) and contact form (families write to their contact in the log);
the actions read again."""

PROFILE = "profile-bti.portal:default"


def upgrade(context):
    context.runImportStepFromProfile(PROFILE, "actions")
