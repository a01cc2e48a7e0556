"""The level-0 decision on a concern: close, keep watching, start a log, or report.

- ``close`` and ``child_welfare`` need a reason and end the concern (``decide``
  transition). A report to the child welfare service starts no log.
- ``watch`` records the decision and keeps the concern open for a later one.
- ``start_log`` creates a RelayLog in the log folder as the deciding user (who
  becomes its holder, see subscribers.log_added) with the child's initials, the
  unit and what was noticed, then ends the concern. Full name and national id
  are not on a concern: the holder adds them on the new log's edit form, and
  the log stays in ``draft`` until there is consent.
"""

from Acquisition import aq_parent
from bti.portal.content.concern import DECISIONS_NEEDING_REASON
from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.relaylog import roles
from bti.portal.relaylog.errors import CodedError
from bti.portal.users import fullname
from datetime import date
from plone import api
from plone.app.uuid.utils import uuidToObject


DECISIONS = ("close", "watch", "start_log", "child_welfare")
TRANSITION = "decide"
ADD_LOG = "bti.portal: Add RelayLog"


class DecisionError(CodedError):
    """``code`` is a msgid in bti.portal.relaylog.reasons."""


def problems(concern, decision: str, reason: str = "") -> list[str]:
    """Reason codes why the current user cannot record ``decision`` ([]: they can)."""
    if decision not in DECISIONS:
        return ["decision_unknown"]
    if api.content.get_state(concern) != p.CONCERN_OPEN:
        return ["concern_already_decided"]
    if not api.user.has_permission(p.DECIDE_CONCERN, obj=concern):
        return ["decide_not_allowed"]
    if decision in DECISIONS_NEEDING_REASON and not (reason or "").strip():
        return ["decision_reason_missing"]
    if decision == "start_log" and not api.user.has_permission(
        ADD_LOG, obj=aq_parent(concern)
    ):
        return ["start_log_not_allowed"]
    return []


def decide(concern, decision: str, reason: str = ""):
    """Record ``decision`` as the current user.

    Returns the new RelayLog for ``start_log``, else None. Raises DecisionError.
    """
    reason = (reason or "").strip()
    found = problems(concern, decision, reason)
    if found:
        raise DecisionError(found[0])
    log = _start_log(concern) if decision == "start_log" else None
    _record(concern, decision, reason)
    if decision != "watch":
        api.content.transition(obj=concern, transition=TRANSITION)
    return log


def history(concern) -> list[dict]:
    """Every decision recorded on the concern, oldest first."""
    return [dict(entry) for entry in getattr(concern, "decision_history", ())]


def related_log(concern):
    """The log a ``start_log`` decision created, when the current user may view it.

    None when there is none, or when the user may not view it (a unit leader
    sees the concern, not the log's content): never Unauthorized.
    """
    uid = getattr(concern, "relay_log_uid", None)
    log = uuidToObject(uid, unrestricted=True) if uid else None
    if log is None or not api.user.has_permission(p.VIEW, obj=log):
        return None
    return log


def _start_log(concern):
    log = create(
        aq_parent(concern),
        "RelayLog",
        title=concern.title,
        unit=concern.unit,
        initiative_by=_initiative_by(concern),
        initiative_reason=concern.what_noticed or "",
    )
    concern.relay_log_uid = log.UID()
    return log


def _initiative_by(concern) -> str:
    """The employee who noted the concern, and their unit (staff are not secret)."""
    name = fullname(concern.Creator())
    unit = roles.unit_of(concern)
    return f"{name} ({unit.Title()})" if unit is not None and name else name


def _record(concern, decision: str, reason: str) -> None:
    today = date.today()
    concern.decision = decision
    concern.decision_reason = reason or None
    concern.decided_on = today
    concern.decision_history = (
        *getattr(concern, "decision_history", ()),
        {
            "decision": decision,
            "reason": reason,
            "by": api.user.get_current().getId(),
            "on": today.isoformat(),
        },
    )
    concern.reindexObject()
