"""1005 -> 1006: HTTP caching (plone.app.caching, bti.portal.caching)."""

PROFILE = "profile-bti.portal:default"


def upgrade(context):
    context.runAllImportStepsFromProfile("profile-plone.app.caching:default")
    context.runImportStepFromProfile(PROFILE, "plone.app.registry")
