"""Level changes as actions: one function each, for the pages and for REST.

``change`` fires a transition of the log's workflow as the current user. Close
takes a reason (bti.portal.CloseReasons) and, without a comment of its own,
records the reason's title as the history comment; reopen clears the reason,
so the next close needs one of its own. A refusal raises ``Refused`` with the
reason codes and keeps nothing of the request.
"""

from bti.portal.relaylog.workflow import transitions
from bti.portal.vocabularies.logs import CLOSE_REASONS
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException

import transaction


CLOSE = "close"
REOPEN = "reopen"


class Refused(Exception):
    """A level change that may not happen; ``codes``: why (may be empty)."""

    def __init__(self, transition_id: str, codes):
        super().__init__(transition_id, *codes)
        self.transition_id = transition_id
        self.codes = list(codes)


def change(log, transition_id: str, comment: str = "", close_reason=None) -> None:
    """Fire ``transition_id`` on ``log``, or raise Refused (nothing is kept).

    ``close_reason``: for ``close``; None keeps the reason already on the log.
    """
    if transition_id == CLOSE:
        if close_reason is not None:
            if close_reason not in CLOSE_REASONS:
                raise _refused(log, transition_id, ["close_reason_unknown"])
            log.close_reason = close_reason
        comment = (comment or "").strip() or _reason_title(log)
    try:
        api.portal.get_tool("portal_workflow").doActionFor(
            log, transition_id, comment=(comment or "").strip()
        )
    except WorkflowException:
        raise _refused(
            log, transition_id, transitions.problems(log, transition_id)
        ) from None
    if transition_id == REOPEN:
        log.close_reason = None


def close(log, reason: str, comment: str = "") -> None:
    """Close ``log`` for ``reason`` (a value of bti.portal.CloseReasons)."""
    if reason not in CLOSE_REASONS:
        code = "close_reason_unknown" if reason else "close_reason_missing"
        raise _refused(log, CLOSE, [code])
    change(log, CLOSE, comment, close_reason=reason)


def reopen(log, comment: str = "") -> None:
    change(log, REOPEN, comment)


def _reason_title(log) -> str:
    reason = getattr(log, "close_reason", None)
    if reason in CLOSE_REASONS:
        return api.portal.translate(CLOSE_REASONS.getTerm(reason).title)
    return ""


def _refused(log, transition_id: str, codes) -> Refused:
    transaction.doom()
    return Refused(transition_id, codes)
