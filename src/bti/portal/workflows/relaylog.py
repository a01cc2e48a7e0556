"""The RelayLog workflow's definition.xml, rendered from the permission matrix.

bti.portal.domain.permissions is the one source of truth. The file in
profiles/default/workflows/bti_relaylog_workflow/ is this module's output
(``python scripts/make_workflows.py`` writes it; a test fails when it
differs), so the workflow cannot drift from the matrix. Each transition is
also guarded by the log's facts (consent, close reason) through
``RelayLog.transition_problems`` (bti.portal.domain.levels.guard).
"""

from bti.portal.domain.guide_levels import BY_LOG_STATE
from bti.portal.domain.levels import TRANSITIONS
from bti.portal.domain.permissions import as_dcworkflow_permission_map
from bti.portal.workflows.render import render as render_workflow


WORKFLOW_ID = "bti_relaylog_workflow"

# The level states are named by the guide's level facts (one set of names).
STATE_TITLES = {
    "draft": "Being set up",
    **{state: level.short for state, level in BY_LOG_STATE.items()},
    "individual_plan": "Individual plan (IP)",
    "passive": "Passive (consent withdrawn)",
    "closed": "Closed",
}

TRANSITION_TITLES = {
    "start": "Start the log (consent given)",
    "to_level1": "Move to level 1",
    "to_level2": "Move to level 2",
    "to_level3": "Move to level 3",
    "to_individual_plan": "Continue as an individual plan",
    "withdraw_consent": "Consent withdrawn",
    "resume": "Resume (new consent)",
    "close": "Close the log",
    "reopen": "Reopen the log",
}


def render() -> str:
    return render_workflow(
        workflow_id=WORKFLOW_ID,
        title="BTI Stafettlogg workflow",
        description=(
            "Stafettlogg: levels, passive and closed; access only through local roles."
        ),
        source="bti.portal.domain.permissions",
        data=as_dcworkflow_permission_map(),
        state_titles=STATE_TITLES,
        transition_titles=TRANSITION_TITLES,
        guard_expressions={
            t: f"python:not here.transition_problems('{t}')" for t in TRANSITIONS
        },
    )
