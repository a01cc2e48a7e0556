"""What starting an individual plan would do, said before anything changes.

The page @@individual-plan asks the holder to confirm: after the coordinator
is chosen it shows who becomes coordinator, that the relay role ends, what is
kept and whether the family's consent covers the coordinator's service. This
reads only; ``actions.start`` makes the change (and checks it all again).
"""

from bti.portal.relaylog import roles
from bti.portal.relaylog.individual_plan import actions
from bti.portal.relaylog.individual_plan import rules
from bti.portal.relaylog.people import person
from bti.portal.relaylog.workflow import transitions
from bti.portal.users import current_user_id
from bti.portal.vocabularies.logs import SERVICE_KINDS
from plone import api


# Codes the family's consent settles (the page offers to record one).
CONSENT_CODES = frozenset({
    "consent_missing",
    "cooperation_consent_missing",
    "service_not_covered",
    "plan_service_not_covered",
})


def service_title(service: str) -> str:
    term = SERVICE_KINDS.by_value.get(service)
    return api.portal.translate(term.title) if term else ""


def preview(log, coordinator: str) -> dict:
    """The plan with ``coordinator``, as the holder confirms it.

    PlanRefused (nothing changed) when the user may not start it or the
    coordinator is missing or unknown; other problems are listed and
    ``may_confirm`` is False.
    """
    current_user_id()  # anonymous: 401
    if not actions.may_start(log):
        raise actions.PlanRefused(["plan_not_allowed"])
    if not coordinator:
        raise actions.PlanRefused(["plan_coordinator_missing"])
    if not rules.is_candidate(coordinator):
        raise actions.PlanRefused(["plan_coordinator_unknown"])
    codes = rules.problems(log, coordinator)
    me = current_user_id()
    return {
        "coordinator": person(coordinator),
        "service": service_title(roles.service_of_user(coordinator)),
        "holders": [person(user_id) for user_id in roles.holders(log)],
        "holder_is_me": me in roles.holders(log),
        "problems": transitions.reasons(codes),
        "consent_missing": bool(set(codes) & CONSENT_CODES),
        "may_confirm": not codes,
    }
