"""Workflow side effects of routines."""

from bti.portal.routines import control
from datetime import date
from plone import api


def after_transition(routine, event) -> None:
    if event.transition is None:
        return
    if event.transition.id == "send_to_control":
        control.reset(routine)
        # Controllers may lack a site role that lets them read a draft.
        for userid in routine.controllers or []:
            api.user.grant_roles(username=userid, obj=routine, roles=["Reader"])
    elif event.transition.id == "approve":
        routine.version = (routine.version or 0) + 1
        routine.approved_by = api.user.get_current().getId()
        routine.approved_date = date.today()
        routine.reindexObject()
