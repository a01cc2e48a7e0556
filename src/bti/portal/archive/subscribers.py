"""Copies at the log's events: passive (consent withdrawn), closed (any reason,
an individual plan included), a new holder, a move to another unit. Each is
made when the action's transaction commits (actions.request_copy)."""

from bti.portal.archive.actions import request_copy
from bti.portal.domain import archive as rules
from bti.portal.domain import levels


# The relay log ends when an individual plan takes over: archived as closed.
STATE_EVENTS = {
    levels.PASSIVE: rules.PASSIVE,
    levels.CLOSED: rules.CLOSED,
    levels.INDIVIDUAL_PLAN: rules.CLOSED,
}


def after_transition(log, event) -> None:
    new_state = getattr(event.new_state, "id", None)
    if new_state in STATE_EVENTS and event.old_state is not event.new_state:
        request_copy(log, STATE_EVENTS[new_state])


def handed_over(log, event) -> None:
    request_copy(log, rules.HANDOVER)


def transferred(log, event) -> None:
    request_copy(log, rules.TRANSFER)
