"""Counting anew from the workflow histories of the site's logs and concerns.

For sites with logs from before the statistics: the upgrade step calls
``rebuild``. The counts of other kinds (individual plans, recorded by their
own feature) are kept. A close before the last one has no known reason
(``unknown``): reopening clears the log's reason.
"""

from bti.portal.domain import statistics as s
from bti.portal.relaylog.statistics import store
from bti.portal.workflows.concern import WORKFLOW_ID as CONCERN_WORKFLOW
from bti.portal.workflows.relaylog import WORKFLOW_ID as LOG_WORKFLOW
from plone import api


# Counted from the histories; everything else is counted only as it happens.
FROM_HISTORY = (
    s.CONCERN_NOTED,
    s.CONCERN_DECIDED,
    s.LOG_STARTED,
    s.ESCALATED,
    s.PASSIVE,
    s.CLOSED,
)


def entries(obj, workflow_id: str) -> list:
    return list((getattr(obj, "workflow_history", None) or {}).get(workflow_id, ()))


def log_states(log) -> list[str]:
    return [entry.get("review_state") for entry in entries(log, LOG_WORKFLOW)]


def log_events(log):
    """(kind, level, reason, time) of every counted transition of ``log``."""
    history = entries(log, LOG_WORKFLOW)
    closes = [i for i, entry in enumerate(history) if entry.get("action") == "close"]
    states = []
    for index, entry in enumerate(history):
        action, state = entry.get("action"), entry.get("review_state")
        if action and states:
            found = s.log_event(action, states[-1], state, states)
            if found is not None:
                kind, level = found
                reason = None
                if kind == s.CLOSED:
                    last = index == closes[-1] and state == "closed"
                    reason = (
                        getattr(log, "close_reason", None) if last else None
                    ) or s.UNKNOWN_REASON
                yield kind, level, reason, entry.get("time")
        states.append(state)


def concern_events(concern):
    history = entries(concern, CONCERN_WORKFLOW)
    if history:
        yield s.CONCERN_NOTED, 0, None, history[0].get("time")
    for entry in history:
        if entry.get("action") == "decide":
            reason = getattr(concern, "decision", None) or s.UNKNOWN_REASON
            yield s.CONCERN_DECIDED, 0, reason, entry.get("time")


def rebuild(site) -> int:
    """Count the logs' and concerns' histories anew; returns the events counted."""
    store.forget(site, FROM_HISTORY)
    catalog = api.portal.get_tool("portal_catalog")
    counted = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=["RelayLog", "Concern"]):
        obj = brain._unrestrictedGetObject()
        found = (
            log_events(obj) if brain.portal_type == "RelayLog" else concern_events(obj)
        )
        for kind, level, reason, when in found:
            store.record_event(site, kind, obj.unit, level, reason, when)
            counted += 1
    return counted
