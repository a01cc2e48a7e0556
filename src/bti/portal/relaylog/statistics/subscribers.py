"""The workflows count their events: concerns noted and decided, logs started,
escalated, made passive and closed. Nothing is counted when the transaction
is aborted (a refused change dooms it)."""

from bti.portal.domain import statistics as s
from bti.portal.relaylog.statistics.history import log_states
from bti.portal.relaylog.statistics.store import record_event
from plone import api


def log_transition(log, event):
    """IAfterTransitionEvent on a RelayLog."""
    if event.transition is None or event.old_state is None:
        return  # the initial state of a new log
    found = s.log_event(
        event.transition.id,
        event.old_state.id,
        event.new_state.id,
        log_states(log)[:-1],
    )
    if found is None:
        return
    kind, level = found
    reason = None
    if kind == s.CLOSED:
        reason = getattr(log, "close_reason", None) or s.UNKNOWN_REASON
    record_event(api.portal.get(), kind, log.unit, level, reason)


def concern_added(concern, event):
    record_event(api.portal.get(), s.CONCERN_NOTED, concern.unit, 0)


def concern_transition(concern, event):
    """IAfterTransitionEvent on a Concern: the decision that ends it."""
    if event.transition is None or event.transition.id != "decide":
        return
    reason = getattr(concern, "decision", None) or s.UNKNOWN_REASON
    record_event(api.portal.get(), s.CONCERN_DECIDED, concern.unit, 0, reason)
