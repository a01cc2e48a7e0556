"""One participant added to or removed from a log, by the Sharing rules.

The staff's page "Hvem har tilgang" (@@who-has-access) changes one person at
a time; the same ``problems`` as the Sharing page and REST @sharing decide
(consent for cooperation, an active log), and the same event follows.
"""

from bti.portal.domain import permissions as p
from bti.portal.relaylog import roles
from bti.portal.relaylog.sharing.rules import problems
from bti.portal.relaylog.sharing.rules import refusal
from datetime import date
from plone.app.workflow.events import LocalrolesModifiedEvent
from zope.event import notify
from zope.globalrequest import getRequest


MANAGED = frozenset({p.PARTICIPANT})


def set_participant(log, user_id: str, present: bool, day: date | None = None):
    """Make ``user_id`` a participant of ``log`` or not; a refusal (BadRequest,
    with the reasons in words) when the log's rules say no."""
    held = set(log.get_local_roles_for_userid(user_id))
    wanted = held | MANAGED if present else held - MANAGED
    settings = [{"id": user_id, "type": "user", "roles": sorted(wanted & MANAGED)}]
    found = problems(log, settings, MANAGED, day)
    if found:
        raise refusal(found)
    if (p.PARTICIPANT in held) == present:
        return False
    roles.set_role(log, user_id, p.PARTICIPANT, present)
    notify(LocalrolesModifiedEvent(log, getRequest()))
    return True
