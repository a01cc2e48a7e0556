"""plone.app.iterate for routines: a published routine is revised in a working
copy, and only an approved working copy is checked in over it.

plone.app.iterate checks the check-in permission on the baseline (the
published routine), not on the working copy; the routine workflow grants it
there to approvers. The state of the working copy is this view's condition.
"""

from Acquisition import aq_inner
from plone import api
from plone.app.iterate.browser.control import Control
from plone.app.iterate.interfaces import ICheckinCheckoutPolicy
from plone.app.iterate.interfaces import IWorkingCopy


class RoutineIterateControl(Control):
    def checkin_allowed(self) -> bool:
        if not super().checkin_allowed():
            return False
        return api.content.get_state(aq_inner(self.context)) == "approved"

    def checkout_allowed(self) -> bool:
        # Drafts are edited as they are; only what is in force needs a copy.
        if api.content.get_state(aq_inner(self.context)) != "published":
            return False
        return super().checkout_allowed()


def working_copy_of(routine):
    """The working copy of a published routine, or None."""
    if IWorkingCopy.providedBy(routine):
        return None
    policy = ICheckinCheckoutPolicy(routine, None)
    return policy.getWorkingCopy() if policy is not None else None


def baseline_of(working_copy):
    policy = ICheckinCheckoutPolicy(working_copy, None)
    return policy.getBaseline() if policy is not None else None
