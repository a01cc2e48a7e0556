"""Level changes of a log: which ones the current user may make now, and why not others.

The workflow (bti_relaylog_workflow) guards each transition with a permission from
the matrix and with the log's facts (bti.portal.domain.levels.guard). Closing needs
a reason and reopening a coordinator, so both have a page of their own.
"""

from bti.portal import _
from bti.portal.domain import levels
from bti.portal.domain import permissions as p
from bti.portal.memo import tool
from bti.portal.memo import translated
from bti.portal.relaylog import facts
from bti.portal.relaylog.reasons import message
from bti.portal.relaylog.transfer.rules import HISTORY_TITLES
from bti.portal.users import fullname
from bti.portal.workflows.relaylog import STATE_TITLES
from bti.portal.workflows.relaylog import TRANSITION_TITLES
from plone.protect.authenticator import createToken


# Transitions that need a choice first: fired from their own page.
FORMS = {
    "close": "@@close-log",
    "reopen": "@@reopen-log",
    "to_individual_plan": "@@individual-plan",
}
# Recorded on the consent (withdrawal date) by the family or the holder, not a
# level change the holder picks: never listed as blocked.
NOT_LISTED_WHEN_BLOCKED = ("withdraw_consent",)
CLOSE_REASON_CODES = ("close_reason_missing", "close_reason_unknown")
# The coordinator is chosen on the plan's page (bti.portal.relaylog.individual_plan).
FORM_CODES = {
    "close": CLOSE_REASON_CODES,
    "to_individual_plan": ("plan_coordinator_unknown",),
}


def state_title(state: str) -> str:
    return translated(_(STATE_TITLES.get(state, state)))


def transition_title(transition_id: str) -> str:
    if transition_id in HISTORY_TITLES:  # moved, exported, imported: not transitions
        return translated(HISTORY_TITLES[transition_id])
    return translated(_(TRANSITION_TITLES.get(transition_id, transition_id)))


def reasons(codes) -> list[dict]:
    return [{"code": code, "message": translated(message(code))} for code in codes]


def problems(log, transition_id: str) -> list[str]:
    """Reason codes from the log's facts; a missing close reason or coordinator is
    the form's job."""
    codes = facts.transition_problems(log, transition_id)
    form_codes = FORM_CODES.get(transition_id, ())
    return [code for code in codes if code not in form_codes]


def may_fire(log, transition_id: str) -> bool:
    """The matrix's permission for the transition (not the facts)."""
    permission = p.TRANSITION_PERMISSIONS.get(transition_id)
    return bool(permission) and facts.may(permission, log)


def options(log) -> dict:
    """{"available": [...], "blocked": [...]} for the current user on ``log``.

    ``blocked`` (with reasons) only for those who run the log ("Change log level").
    Asked once per page (the level buttons and the guide's step buttons).
    """
    return facts.once(log, "transition options", lambda: _options(log))


def _options(log) -> dict:
    """The workflow's own answer (getTransitionsFor) without its guard
    expressions: from this state (the workflow's exit transitions are the
    sources in levels.TRANSITIONS), the guard's permission (``may_fire``) and
    no reason from the facts, as the guard's expression asks
    (``transition_problems``); the form's reasons are the form's."""
    state = tool("portal_workflow").getInfoFor(log, "review_state")
    url = log.absolute_url()
    available, blocked = [], []
    for transition_id, transition in levels.TRANSITIONS.items():
        if state not in transition.sources or not may_fire(log, transition_id):
            continue
        codes = problems(log, transition_id)
        entry = {"id": transition_id, "title": transition_title(transition_id)}
        if not codes:
            if transition_id in FORMS:
                entry["url"] = f"{url}/{FORMS[transition_id]}"
            else:
                entry["url"] = (
                    f"{url}/content_status_modify?workflow_action={transition_id}"
                    f"&_authenticator={createToken()}"
                )
            available.append(entry)
        elif transition_id not in NOT_LISTED_WHEN_BLOCKED:
            blocked.append({**entry, "reasons": reasons(codes)})
    if not facts.may(p.CHANGE_LEVEL, log):
        blocked = []
    return {"available": available, "blocked": blocked}


def history_entries(log) -> list:
    """The raw workflow history, oldest first."""
    return tool("portal_workflow").getInfoFor(log, "review_history", []) or []


def history(log, start: int = 0, size: int | None = None, name=fullname) -> list:
    """The workflow history, newest first: what, who (full name), when, comment.

    ``start`` and ``size``: one page of it; ``name``: how a user id becomes a
    full name (a page passes its own cache)."""
    entries = list(reversed(history_entries(log)))
    end = None if size is None else start + size
    result = []
    for entry in entries[start:end]:
        action = entry.get("action")
        result.append({
            "action": action,
            "title": transition_title(action)
            if action
            else translated(_("history_created", default="Log created")),
            "state": entry.get("review_state"),
            "state_title": state_title(entry.get("review_state")),
            "actor": entry.get("actor"),
            "actor_fullname": name(entry.get("actor")),
            "time": entry.get("time"),
            "comments": entry.get("comments") or "",
        })
    return result
