"""Handing over the relay: offered to a named colleague, holder only when accepted.

The previous holder stays holder until the offer is accepted; then they stay on
as participant unless the offer said otherwise. The offered colleague holds the
local role RelayOffered while the offer is open: it lets them answer the offer
and see nothing of the log.
"""

from bti.portal.domain import permissions as p
from bti.portal.relaylog import roles
from bti.portal.relaylog.errors import CodedError
from bti.portal.relaylog.events import LogHandedOver
from datetime import datetime
from datetime import UTC
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations
from zope.event import notify


KEY = "bti.portal.handover"
# Accepted handovers, oldest first: from (previous holders), to, by, at.
HISTORY_KEY = "bti.portal.handover.history"


class HandoverError(CodedError):
    """``code`` is a msgid in bti.portal.relaylog.reasons or below."""


MESSAGES_DEFAULTS = {
    "handover_to_self": "You already hold this log.",
    "handover_unknown_user": "Choose a colleague listed on a unit.",
    "handover_no_offer": "There is no open offer to take over this log.",
    "handover_not_for_you": "This offer was made to someone else.",
}


def offer(log, to_user: str, by_user: str, keep_previous: bool = True) -> dict:
    if to_user in roles.holders(log):
        raise HandoverError("handover_to_self")
    if not roles.service_of_user(to_user):
        raise HandoverError("handover_unknown_user")
    _clear(log)  # a new offer replaces the open one
    data = PersistentMapping(
        to=to_user,
        by=by_user,
        at=datetime.now(UTC).isoformat(timespec="seconds"),
        keep_previous=bool(keep_previous),
    )
    IAnnotations(log)[KEY] = data
    roles.set_role(log, to_user, p.RELAY_OFFERED)
    log.reindexObject(idxs=["bti_offer_to"])
    return dict(data)


def _clear(log) -> None:
    """Remove the open offer, if any, and the offered colleague's role."""
    data = IAnnotations(log).pop(KEY, None)
    if data:
        roles.set_role(log, data["to"], p.RELAY_OFFERED, present=False)


def current_offer(log) -> dict | None:
    data = IAnnotations(log).get(KEY)
    return dict(data) if data else None


def withdraw(log) -> None:
    if KEY not in IAnnotations(log):
        raise HandoverError("handover_no_offer")
    _clear(log)
    log.reindexObject(idxs=["bti_offer_to"])


def accept(log, user_id: str) -> list[str]:
    """Make ``user_id`` the holder; returns the previous holders."""
    data = current_offer(log)
    if not data:
        raise HandoverError("handover_no_offer")
    if data["to"] != user_id:
        raise HandoverError("handover_not_for_you")
    previous = roles.holders(log)
    for old in previous:
        roles.set_role(log, old, p.RELAY_HOLDER, present=False)
        if data["keep_previous"]:
            roles.set_role(log, old, p.PARTICIPANT)
    _clear(log)
    roles.set_role(log, user_id, p.PARTICIPANT, present=False)
    roles.set_role(log, user_id, p.RELAY_HOLDER)
    log.reindexObject(idxs=["bti_offer_to", "bti_holder"])
    annotations = IAnnotations(log)
    if HISTORY_KEY not in annotations:
        annotations[HISTORY_KEY] = PersistentList()
    annotations[HISTORY_KEY].append(
        PersistentMapping(
            previous=list(previous),
            to=user_id,
            by=data["by"],
            at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
    )
    notify(LogHandedOver(log))
    return previous


def handovers(log) -> list[dict]:
    """The accepted handovers of ``log``, oldest first."""
    return [dict(entry) for entry in IAnnotations(log).get(HISTORY_KEY, ())]


def decline(log, user_id: str) -> None:
    data = current_offer(log)
    if not data:
        raise HandoverError("handover_no_offer")
    if data["to"] != user_id:
        raise HandoverError("handover_not_for_you")
    _clear(log)
    log.reindexObject(idxs=["bti_offer_to"])
