"""RelayLog (Stafettlogg) workflow: states, transitions and their guards.

State and transition ids are a contract (workflow definition, tests, REST clients).
Guards here decide from facts (consents, services, a date); who may fire a transition
is decided by the permission matrix in ``permissions.py`` (TRANSITION_PERMISSIONS).
A guard returns a list of reason codes: empty means the transition may happen.
"""

from __future__ import annotations

from bti.portal.domain import consent as c
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from datetime import date


DRAFT = "draft"  # being set up, before consent
LEVEL1 = "level1"  # effort within one service + home
LEVEL2 = "level2"  # two services + home
LEVEL3 = "level3"  # several services + home
# Level 4: long-term, coordinated needs. A coordinator runs the collaboration as an
# individual plan (IP) on the same object: the relay role ends and the relay log is
# closed ("individual_plan"), its goals, history and consents stay where they are.
INDIVIDUAL_PLAN = "individual_plan"
PASSIVE = "passive"  # consent withdrawn (or lapsed): read-only
CLOSED = "closed"

STATES = (DRAFT, LEVEL1, LEVEL2, LEVEL3, INDIVIDUAL_PLAN, PASSIVE, CLOSED)
ACTIVE_STATES = (LEVEL1, LEVEL2, LEVEL3)
# Where people work in the log: the relay levels and the individual plan.
WORKING_STATES = (*ACTIVE_STATES, INDIVIDUAL_PLAN)
INITIAL_STATE = DRAFT

CLOSE_REASONS = ("goals_reached", "individual_plan", "consent_withdrawn", "moved")

MESSAGES: dict[str, str] = {
    "transition_unknown": "Unknown transition.",
    "wrong_state": "This change is not possible in the log's current state.",
    "consent_missing": "There is no valid consent to create the log.",
    "cooperation_consent_missing": "There is no valid consent for cooperation.",
    "service_not_covered": "A participating service is not covered by a valid consent "
    "for cooperation.",
    "consent_still_valid": "The consent to create the log is still valid.",
    "close_reason_missing": "Choose why the log is closed.",
    "close_reason_unknown": "Unknown reason for closing.",
    "log_not_active": "Participants can only be added to an active log.",
    "plan_coordinator_unknown": "Choose the coordinator among the site's staff.",
    "plan_service_not_covered": "The family's consent for cooperation does not "
    "cover the coordinator's service.",
    # close reasons, for the close form
    "goals_reached": "The goals are reached.",
    "individual_plan": "An individual plan (IP) takes over.",
    "consent_withdrawn": "The consent was withdrawn.",
    "moved": "The child moved.",
}


@dataclass(frozen=True)
class Transition:
    id: str
    sources: tuple[str, ...]
    target: str


TRANSITIONS: dict[str, Transition] = {
    t.id: t
    for t in (
        Transition("start", (DRAFT,), LEVEL1),
        Transition("to_level1", (LEVEL2, LEVEL3), LEVEL1),
        Transition("to_level2", (LEVEL1, LEVEL3), LEVEL2),
        Transition("to_level3", (LEVEL1, LEVEL2), LEVEL3),
        Transition("to_individual_plan", (LEVEL3,), INDIVIDUAL_PLAN),
        Transition("withdraw_consent", WORKING_STATES, PASSIVE),
        Transition("resume", (PASSIVE,), LEVEL1),  # new consent after withdrawal
        Transition("close", (*WORKING_STATES, PASSIVE), CLOSED),
        Transition("reopen", (CLOSED,), LEVEL1),  # new concern; needs valid consent
    )
}


@dataclass(frozen=True)
class LogFacts:
    """What the guards need to know about one log."""

    state: str
    consents: Sequence[c.Consent] = ()
    holder_service: str = ""  # the relay holder's service
    participant_services: frozenset[str] = frozenset()  # services of all participants
    plan_coordinator: bool = False  # someone is named to coordinate an individual plan

    @property
    def other_services(self) -> frozenset[str]:
        """Participating services other than the holder's own."""
        return self.participant_services - {self.holder_service}


def uncovered_services(facts: LogFacts, day: date) -> tuple[str, ...]:
    """Other participating services without valid consent for cooperation."""
    return c.uncovered_services(facts.consents, facts.other_services, day)


def _cooperation_problems(facts: LogFacts, day: date) -> list[str]:
    found = []
    if not c.has_valid(facts.consents, c.COOPERATION, day):
        found.append("cooperation_consent_missing")
    if uncovered_services(facts, day):
        found.append("service_not_covered")
    return found


def _plan_coordinator_problems(transition_id: str, facts: LogFacts) -> list[str]:
    if transition_id == "to_individual_plan" and not facts.plan_coordinator:
        return ["plan_coordinator_unknown"]
    return []


def guard(
    transition_id: str, facts: LogFacts, day: date, *, close_reason: str = ""
) -> list[str]:
    """Reason codes why ``transition_id`` may not happen on ``day``; [] if it may."""
    transition = TRANSITIONS.get(transition_id)
    if transition is None:
        return ["transition_unknown"]
    if facts.state not in transition.sources:
        return ["wrong_state"]

    has_create = c.has_valid(facts.consents, c.CREATE, day)
    found: list[str] = []
    if transition_id in ("start", "to_level1", "resume", "reopen"):
        if not has_create:
            found.append("consent_missing")
    elif transition_id in ("to_level2", "to_level3", "to_individual_plan"):
        if not has_create:
            found.append("consent_missing")
        found += _cooperation_problems(facts, day)
        found += _plan_coordinator_problems(transition_id, facts)
    elif transition_id == "withdraw_consent":
        # Passive once no consent to keep the log is valid (withdrawn or lapsed).
        if has_create:
            found.append("consent_still_valid")
    elif transition_id == "close":
        if not close_reason:
            found.append("close_reason_missing")
        elif close_reason not in CLOSE_REASONS:
            found.append("close_reason_unknown")
    return found


def available(facts: LogFacts, day: date) -> tuple[str, ...]:
    """Transitions whose guard passes now ("close" when only its reason is missing)."""
    return tuple(
        t
        for t in TRANSITIONS
        if not guard(t, facts, day, close_reason=CLOSE_REASONS[0])
    )


def participant_problems(facts: LogFacts, service: str, day: date) -> list[str]:
    """Reason codes why a participant from ``service`` may not be added on ``day``."""
    if facts.state not in WORKING_STATES:
        return ["log_not_active"]
    if not c.has_valid(facts.consents, c.CREATE, day):
        return ["consent_missing"]
    if service == facts.holder_service:
        return []  # the holder's own service: the consent to create the log covers it
    if not c.covers_service(facts.consents, service, day):
        return ["service_not_covered"]
    return []


def plan_problems(
    facts: LogFacts,
    day: date,
    *,
    coordinator_known: bool,
    coordinator_service: str = "",
) -> list[str]:
    """Reason codes why an individual plan with this coordinator may not start.

    The plan needs the log at level 3 and the family's informed consent for
    cooperation, covering the coordinator's service when it is not the holder's.
    """
    if facts.state != LEVEL3:
        return ["wrong_state"]
    found = guard(
        "to_individual_plan", replace(facts, plan_coordinator=coordinator_known), day
    )
    if (
        coordinator_known
        and coordinator_service
        and coordinator_service != facts.holder_service
        and "cooperation_consent_missing" not in found
        and not c.covers_service(facts.consents, coordinator_service, day)
    ):
        found.append("plan_service_not_covered")
    return found
