"""The Concern (level 0) workflow, rendered from CONCERN_GRANTS in the matrix module."""

from bti.portal.domain import permissions as p
from bti.portal.workflows.render import render as render_workflow


WORKFLOW_ID = "bti_concern_workflow"

STATE_TITLES = {p.CONCERN_OPEN: "Open", p.CONCERN_DECIDED: "Decided"}
TRANSITION_TITLES = {"decide": "Record the decision"}


def permission_map() -> dict:
    matrix = p.concern_matrix()
    return {
        "initial_state": p.CONCERN_OPEN,
        "permissions": p.CONCERN_PERMISSIONS,
        "states": {
            state: {
                "exit_transitions": tuple(
                    t
                    for t, (sources, _, _) in p.CONCERN_TRANSITIONS.items()
                    if state in sources
                ),
                "permissions": {
                    permission: {"acquired": False, "roles": roles}
                    for permission, roles in matrix[state].items()
                },
            }
            for state in p.CONCERN_STATES
        },
        "transitions": {
            t: {"new_state": target, "sources": sources, "guard_permission": permission}
            for t, (sources, target, permission) in p.CONCERN_TRANSITIONS.items()
        },
    }


def render() -> str:
    return render_workflow(
        workflow_id=WORKFLOW_ID,
        title="BTI concern workflow",
        description="Level 0: seen by the employee who noted it and the unit leaders.",
        source="bti.portal.domain.permissions (CONCERN_GRANTS)",
        data=permission_map(),
        state_titles=STATE_TITLES,
        transition_titles=TRANSITION_TITLES,
        guard_expressions={"decide": "python:not here.decision_problems()"},
    )
