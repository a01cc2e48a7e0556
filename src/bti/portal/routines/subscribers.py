"""Workflow and working-copy side effects of routines."""

from bti.portal.routines import control
from bti.portal.routines import cycle
from datetime import date
from plone import api
from plone.app.iterate.interfaces import CheckinException
from plone.app.workflow.interfaces import ILocalrolesModifiedEvent


def current_userid() -> str | None:
    user = api.user.get_current()
    return None if api.user.is_anonymous() else user.getId()


def after_transition(routine, event) -> None:
    if event.transition is None:
        return
    name = event.transition.id
    if name == "send_to_control":
        control.reset(routine)
        # Controllers may lack a site role that lets them read a draft.
        for userid in routine.controllers or []:
            api.user.grant_roles(username=userid, obj=routine, roles=["Reader"])
    elif name == "approve":
        cycle.record_approval(routine, current_userid(), date.today())
        routine.reindexObject()
    elif name == "reject" and event.old_state.id == "approved":
        cycle.undo_approval(routine)
        routine.reindexObject()
    elif name == "retract":
        cycle.clear_authors(routine)


def written(routine, event) -> None:
    """Whoever creates or edits the routine is an author of its version."""
    if ILocalrolesModifiedEvent.providedBy(event):
        return
    if api.content.get_state(routine, default=None) == "published":
        return  # check-in and the like; the text changes in a working copy
    userid = current_userid()
    if userid:
        cycle.add_author(routine, userid)
        routine.changed_by = userid


def checked_out(baseline, event) -> None:
    """The working copy is a new version, written by the one who made it."""
    working_copy = event.working_copy
    userid = current_userid()
    cycle.start_version(working_copy, userid)
    control.reset(working_copy)
    working_copy.changed_by = userid
    working_copy.reindexObject()  # is_working_copy: not listed as due


def checking_in(working_copy, event) -> None:
    """Only an approved working copy replaces the published routine."""
    if api.content.get_state(working_copy, default=None) != "approved":
        raise CheckinException("The working copy is not approved")
