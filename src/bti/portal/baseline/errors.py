"""Refusals of the baseline actions (400 over REST, a message in the UI)."""

from bti.portal import _
from bti.portal.relaylog.errors import CodedError
from typing import ClassVar


class BaselineError(CodedError):
    messages: ClassVar[dict] = {
        "baseline_none": _(
            "baseline_none",
            default="This site follows no baseline guide (BTI settings).",
        ),
        "baseline_action": _(
            "baseline_action",
            default="Say what to do: action is take or keep.",
        ),
        "baseline_unknown_page": _(
            "baseline_unknown_page",
            default="No pending change of the baseline guide has this uid.",
        ),
        "baseline_parent_missing": _(
            "baseline_parent_missing",
            default="The page above this one is not on this site: take that first.",
        ),
        "baseline_routine_controlled": _(
            "baseline_routine_controlled",
            default="This routine is controlled: take the change through a working "
            "copy (check out, control, approve).",
        ),
    }
