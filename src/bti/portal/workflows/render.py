"""Render a DCWorkflow definition.xml from plain data (see relaylog.py, concern.py)."""

from xml.sax.saxutils import quoteattr


HISTORY_VARIABLES = (
    ("action", "Previous transition", "transition/getId|nothing", True),
    ("actor", "Who performed the previous transition", "user/getId", True),
    (
        "comments",
        "Comment about the last transition",
        "python:state_change.kwargs.get('comment', '')",
        True,
    ),
    (
        "review_history",
        "Provides access to workflow history",
        "state_change/getHistory",
        False,
    ),
    (
        "time",
        "When the previous transition was performed",
        "state_change/getDateTime",
        True,
    ),
)


def render(
    *,
    workflow_id: str,
    title: str,
    description: str,
    source: str,
    data: dict,
    state_titles: dict,
    transition_titles: dict,
    guard_expressions: dict | None = None,
) -> str:
    """``data`` has the shape of permissions.as_dcworkflow_permission_map()."""
    guard_expressions = guard_expressions or {}
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f"<!-- Generated from {source} by scripts/make_workflows.py. Do not edit. -->",
        '<dc-workflow xmlns:i18n="http://xml.zope.org/namespaces/i18n"',
        f"             description={quoteattr(description)}",
        f'             initial_state="{data["initial_state"]}"',
        '             state_variable="review_state"',
        f"             title={quoteattr(title)}",
        f'             workflow_id="{workflow_id}"',
        '             i18n:attributes="title; description"',
        '             i18n:domain="bti.portal">',
    ]
    out += [f"  <permission>{p}</permission>" for p in data["permissions"]]
    for state, spec in data["states"].items():
        out.append(
            f'  <state state_id="{state}" title={quoteattr(state_titles[state])}'
            ' i18n:attributes="title">'
        )
        out += [
            f'    <exit-transition transition_id="{t}" />'
            for t in spec["exit_transitions"]
        ]
        for permission, grant in spec["permissions"].items():
            acquired = "True" if grant["acquired"] else "False"
            out.append(
                f'    <permission-map acquired="{acquired}" name="{permission}">'
            )
            out += [
                f"      <permission-role>{role}</permission-role>"
                for role in grant["roles"]
            ]
            out.append("    </permission-map>")
        out.append("  </state>")
    for transition_id, spec in data["transitions"].items():
        title_attr = quoteattr(transition_titles[transition_id])
        out += [
            f'  <transition new_state="{spec["new_state"]}" title={title_attr}'
            f' transition_id="{transition_id}" trigger="USER"'
            ' before_script="" after_script="" i18n:attributes="title">',
            f'    <action category="workflow" icon=""'
            ' url="%(content_url)s/content_status_modify'
            f'?workflow_action={transition_id}"'
            f' i18n:translate="">{transition_titles[transition_id]}</action>',
            "    <guard>",
            f"      <guard-permission>{spec['guard_permission']}</guard-permission>",
        ]
        if transition_id in guard_expressions:
            expression = guard_expressions[transition_id]
            out.append(f"      <guard-expression>{expression}</guard-expression>")
        out += ["    </guard>", "  </transition>"]
    for variable, var_description, expression, for_status in HISTORY_VARIABLES:
        out += [
            f'  <variable for_catalog="False" for_status="{for_status}"'
            f' update_always="True" variable_id="{variable}">',
            f"    <description>{var_description}</description>",
            f"    <default><expression>{expression}</expression></default>",
            "    <guard />",
            "  </variable>",
        ]
    out.append("</dc-workflow>")
    return "\n".join(out) + "\n"
