"""The RelayLog workflow's definition.xml, rendered from the permission matrix.

bti.portal.domain.permissions is the one source of truth. The file in
profiles/default/workflows/bti_relaylog_workflow/ is this module's output
(``python scripts/make_workflows.py`` writes it; a test fails when it
differs), so the workflow cannot drift from the matrix.
"""

from bti.portal.domain.levels import STATES
from bti.portal.domain.permissions import as_dcworkflow_permission_map
from xml.sax.saxutils import quoteattr


WORKFLOW_ID = "bti_relaylog_workflow"

STATE_TITLES = {
    "draft": "Being set up",
    "level1": "Level 1",
    "level2": "Level 2",
    "level3": "Level 3",
    "passive": "Passive (consent withdrawn)",
    "closed": "Closed",
}

TRANSITION_TITLES = {
    "start": "Start the log (consent given)",
    "to_level1": "Move to level 1",
    "to_level2": "Move to level 2",
    "to_level3": "Move to level 3",
    "withdraw_consent": "Consent withdrawn",
    "resume": "Resume (new consent)",
    "close": "Close the log",
    "reopen": "Reopen the log",
}

HISTORY_VARIABLES = (
    ("action", "Previous transition", "transition/getId|nothing", True),
    ("actor", "Who performed the previous transition", "user/getId", True),
    ("comments", "Comment about the last transition",
     "python:state_change.kwargs.get('comment', '')", True),
    ("review_history", "Provides access to workflow history", "state_change/getHistory", False),
    ("time", "When the previous transition was performed", "state_change/getDateTime", True),
)


def render() -> str:
    data = as_dcworkflow_permission_map()
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!-- Generated from bti.portal.domain.permissions by scripts/make_workflows.py."
        " Do not edit. -->",
        '<dc-workflow xmlns:i18n="http://xml.zope.org/namespaces/i18n"',
        '             description="Stafettlogg: levels, passive and closed; access only through local roles."',
        f'             initial_state="{data["initial_state"]}"',
        '             state_variable="review_state"',
        '             title="BTI Stafettlogg workflow"',
        f'             workflow_id="{WORKFLOW_ID}"',
        '             i18n:attributes="title; description"',
        '             i18n:domain="bti.portal">',
    ]
    out += [f"  <permission>{p}</permission>" for p in data["permissions"]]
    for state in STATES:
        spec = data["states"][state]
        out.append(
            f'  <state state_id="{state}" title={quoteattr(STATE_TITLES[state])}'
            ' i18n:attributes="title">'
        )
        out += [f'    <exit-transition transition_id="{t}" />' for t in spec["exit_transitions"]]
        for permission, grant in spec["permissions"].items():
            acquired = "True" if grant["acquired"] else "False"
            out.append(f'    <permission-map acquired="{acquired}" name="{permission}">')
            out += [f"      <permission-role>{role}</permission-role>" for role in grant["roles"]]
            out.append("    </permission-map>")
        out.append("  </state>")
    for transition_id, spec in data["transitions"].items():
        title = quoteattr(TRANSITION_TITLES[transition_id])
        out += [
            f'  <transition new_state="{spec["new_state"]}" title={title}'
            f' transition_id="{transition_id}" trigger="USER"'
            ' before_script="" after_script="" i18n:attributes="title">',
            f'    <action category="workflow" icon=""'
            f' url="%(content_url)s/content_status_modify?workflow_action={transition_id}"'
            f" i18n:translate=\"\">{TRANSITION_TITLES[transition_id]}</action>",
            "    <guard>",
            f"      <guard-permission>{spec['guard_permission']}</guard-permission>",
            "    </guard>",
            "  </transition>",
        ]
    for variable, description, expression, for_status in HISTORY_VARIABLES:
        out += [
            f'  <variable for_catalog="False" for_status="{for_status}"'
            f' update_always="True" variable_id="{variable}">',
            f"    <description>{description}</description>",
            f"    <default><expression>{expression}</expression></default>",
            "    <guard />",
            "  </variable>",
        ]
    out.append("</dc-workflow>")
    return "\n".join(out) + "\n"
