"""Starting an individual plan as the current user, and what a reader may know.

Called by the page @@individual-plan and REST @individual-plan. The log itself
continues as the plan (state individual_plan): goals, history, consents,
participants and family stay. Starting it, in one transaction:

1. the transition ``to_individual_plan`` (the holder's "Change log level");
   once the coordinator holds PlanCoordinator on this log (the guard asks);
2. the relay log's close reason "individual_plan" and a history comment;
3. the relay role ends: each holder stays on as Participant, an open handover
   offer is withdrawn;
4. ``IndividualPlanStarted`` (statistics, archive).
"""

from bti.portal import _
from bti.portal.domain import levels
from bti.portal.domain import permissions as p
from bti.portal.relaylog import facts
from bti.portal.relaylog import roles
from bti.portal.relaylog.errors import CodedError
from bti.portal.relaylog.handover import rules as handover
from bti.portal.relaylog.individual_plan import rules
from bti.portal.relaylog.individual_plan.events import IndividualPlanStarted
from bti.portal.relaylog.people import person
from bti.portal.relaylog.reasons import message
from bti.portal.relaylog.workflow import transitions
from bti.portal.users import current_user_id
from bti.portal.users import fullname
from datetime import date
from plone import api
from typing import ClassVar
from zope.event import notify

import transaction


TRANSITION = "to_individual_plan"
REASON = "individual_plan"


# The comment goes into the log's history, read by everyone on the log.
COMMENT_MAX = 1000


class PlanRefused(CodedError):
    """The plan cannot start: the first code is the error's, all are in ``codes``."""

    messages: ClassVar[dict] = {
        "plan_not_allowed": _(
            "plan_not_allowed",
            default="You cannot start an individual plan for this log.",
        ),
        "plan_coordinator_missing": _(
            "plan_coordinator_missing", default="Choose the plan's coordinator."
        ),
        "plan_comment_too_long": _(
            "plan_comment_too_long",
            default="The comment can be at most ${max} characters.",
            mapping={"max": COMMENT_MAX},
        ),
    }

    def __init__(self, codes):
        self.codes = list(codes)
        super().__init__(self.codes[0])

    @property
    def status(self) -> int:
        return 403 if self.code == "plan_not_allowed" else 400

    @property
    def message(self):
        if len(self.codes) == 1:
            return super().message
        return " ".join(api.portal.translate(message(code)) for code in self.codes)


def check_comment(comment: str) -> None:
    if len(comment) > COMMENT_MAX:
        raise PlanRefused(["plan_comment_too_long"])


def may_start(log) -> bool:
    return transitions.may_fire(log, TRANSITION)


def start(log, coordinator: str, comment: str = "") -> None:
    """Continue ``log`` as an individual plan coordinated by ``coordinator``."""
    current_user_id()  # anonymous: 401
    if not may_start(log):
        raise PlanRefused(["plan_not_allowed"])
    if not coordinator:
        raise PlanRefused(["plan_coordinator_missing"])
    check_comment(comment)
    codes = rules.problems(log, coordinator)
    if codes:
        raise PlanRefused(codes)
    text = api.portal.translate(
        _(
            "plan_history_comment",
            default="The relay log is closed: an individual plan takes over. "
            "Coordinator: ${name}.",
            mapping={"name": fullname(coordinator)},
        )
    )
    if comment.strip():
        text = f"{text} {comment.strip()}"
    # The guard needs the coordinator named; the holder still runs the log.
    roles.set_role(log, coordinator, p.PLAN_COORDINATOR)
    wftool = api.portal.get_tool("portal_workflow")
    if TRANSITION not in {t["id"] for t in wftool.getTransitionsFor(log)}:
        transaction.doom()
        raise PlanRefused(transitions.problems(log, TRANSITION) or ["wrong_state"])
    wftool.doActionFor(log, TRANSITION, comment=text)
    log.close_reason = REASON
    previous = roles.holders(log)
    if handover.current_offer(log):
        handover.withdraw(log)
    for user_id in previous:
        roles.set_role(log, user_id, p.PARTICIPANT)
        roles.set_role(log, user_id, p.RELAY_HOLDER, present=False)
    log.reindexObject()
    notify(IndividualPlanStarted(log, coordinator, previous, getattr(log, "unit", "")))


def started(log) -> dict | None:
    """Who started the plan and when (the workflow history's last such entry)."""
    history = api.portal.get_tool("portal_workflow").getInfoFor(
        log, "review_history", []
    )
    for entry in reversed(history or []):
        if entry.get("action") == TRANSITION:
            return {"by": person(entry.get("actor")), "at": entry.get("time")}
    return None


def summary(log, query: str = "", choice=None) -> dict:
    """The plan as the current user may see it (REST GET and the page).

    For whoever may start it, ``candidates``: the child coordinators, the
    log's unit's people and those on other units whose name holds ``query``
    (at most colleagues.SHOWN; ``candidates_others_total`` says how many
    match, or how many there are without a query). ``choice`` (a callable)
    gives that choice when the caller has made it already (the page)."""
    state = api.content.get_state(log)
    data = {
        "@id": f"{log.absolute_url()}/@individual-plan",
        "log": log.absolute_url(),
        "state": state,
        "active": state == levels.INDIVIDUAL_PLAN,
        "coordinators": [person(user_id) for user_id in rules.coordinators(log)],
        "started": None,
        "may_start": False,
    }
    info = started(log)
    if info:
        data["started"] = {"by": info["by"], "at": info["at"].ISO8601()}
    if state == levels.LEVEL3 and may_start(log):
        codes = levels.plan_problems(
            facts.log_facts(log), date.today(), coordinator_known=True
        )
        data["may_start"] = True
        data["problems"] = transitions.reasons(codes)
        picked = choice() if choice is not None else rules.choice(log, query)
        data["candidates"] = rules.candidates(log, picked)
        data["candidates_others_total"] = picked.others_total
        data["candidates_query"] = picked.query
    return data
