"""What the family may write in a log, beyond the permission matrix.

The matrix (bti.portal.domain.permissions) gives guardians and the young person
"Add message" and "Add evaluation" on an active log, and never "Modify portal
content": they cannot change goals, activities or anything others wrote.
One rule is finer than a role and a state: the family comments on (evaluates)
only the activities they are responsible for themselves. Staff on the log
(holder, participants) evaluate any activity.

The rule is kept in one place for every way in: the log's page shows the
button only where it applies, the add form refuses with a message, and a
subscriber on the evaluation being added refuses REST and Python callers
with zExceptions.Forbidden (HTTP 403) whose text says why.
"""

from AccessControl import getSecurityManager
from bti.portal import _
from bti.portal.content.goal import IActivity
from bti.portal.domain import permissions as p
from bti.portal.relaylog import facts
from bti.portal.users import current_user
from plone import api
from zExceptions import Forbidden
from zope.globalrequest import getRequest
from zope.i18n import translate


FAMILY_ROLES = frozenset({p.GUARDIAN, p.YOUTH})
# Roles that evaluate any activity of the log.
WRITING_ROLES = frozenset({
    p.RELAY_HOLDER,
    p.PLAN_COORDINATOR,
    p.PARTICIPANT,
    p.MANAGER,
})

MESSAGES = {
    "evaluation_not_own_activity": _(
        "evaluation_not_own_activity",
        default="You can write a comment only on activities you are responsible "
        "for. Write a message in the log instead, or ask the relay holder.",
    ),
    "evaluation_not_allowed": _(
        "evaluation_not_allowed",
        default="You cannot add a comment to this activity now.",
    ),
}


def message(code: str, request=None) -> str:
    return translate(MESSAGES[code], context=request or getRequest())


def is_family_only(obj, user) -> bool:
    """The user is on the log as guardian or young person, not as staff."""
    held = set(user.getRolesInContext(obj))
    return bool(held & FAMILY_ROLES) and not held & WRITING_ROLES


def family_problem(activity, user) -> str | None:
    """The family rule alone: None, or why ``user`` may not evaluate ``activity``."""
    if is_family_only(activity, user) and activity.responsible != user.getId():
        return "evaluation_not_own_activity"
    return None


def evaluation_problem(activity, user=None) -> str | None:
    """Why the current (or given) user may not add an evaluation here, or None."""
    current = current_user()
    if user is None or user.getId() == current.getId():
        # the current user's own security manager (another user is adopted: dear)
        user = current
        allowed = api.user.has_permission(p.ADD_EVALUATION, obj=activity)
    else:
        allowed = api.user.has_permission(p.ADD_EVALUATION, user=user, obj=activity)
    if not allowed:
        return "evaluation_not_allowed"
    return family_problem(activity, user)


def may_evaluate(activity, user=None) -> bool:
    """For the current user: once per activity within ``facts.remembered()``."""
    if user is not None:
        return evaluation_problem(activity, user) is None
    path = "/".join(activity.getPhysicalPath())
    return facts.kept(
        ("may_evaluate", path), lambda: evaluation_problem(activity) is None
    )


def evaluation_will_be_added(evaluation, event) -> None:
    """Subscriber (IEvaluation, IObjectWillBeAddedEvent): the family rule for
    every caller; permission checks stay with Zope and the workflow."""
    activity = event.newParent
    if not IActivity.providedBy(activity):
        return
    problem = family_problem(activity, getSecurityManager().getUser())
    if problem:
        raise Forbidden(message(problem))
