"""1019 -> 1020: the individual plan (level 4) on a log: the role PlanCoordinator,
the state individual_plan and the transition to_individual_plan (the workflow
made from the permission matrix); existing logs keep their state, and their
permissions are recomputed."""

from plone import api


PROFILE = "profile-bti.portal:default"


def upgrade(context):
    context.runImportStepFromProfile(PROFILE, "rolemap")
    context.runImportStepFromProfile(PROFILE, "workflow")
    api.portal.get_tool("portal_workflow").updateRoleMappings()
