"""1003 -> 1004: the routine cycle with four eyes and check-in.

The routine workflow grants the check-in permission on the published routine
(where plone.app.iterate asks for it) and on the approved working copy, lets
approvers withdraw a published routine, and guards control and approval by
who wrote the version. Existing routines get their cycle record: the authors
of a version under way (its creator and "changed by"), and the last approval
of a routine that has one as the first entry of its history.
"""

from bti.portal.routines import cycle
from plone import api


PROFILE = "profile-bti.portal:default"


def upgrade(context):
    context.runImportStepFromProfile(PROFILE, "workflow")
    workflow = api.portal.get_tool("portal_workflow")["bti_routine_workflow"]
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Routine"):
        routine = brain._unrestrictedGetObject()
        workflow.updateRoleMappingsFor(routine)
        add_record(routine, brain.review_state)
        routine.reindexObjectSecurity()


def add_record(routine, state: str) -> None:
    if cycle.history(routine) or cycle.authors(routine):
        return  # already on the new cycle
    if state != "published":
        for userid in (routine.Creator(), routine.changed_by):
            cycle.add_author(routine, userid)
    cycle.record_existing_approval(routine)
