"""Translatable texts of the statistics: kinds, reasons, levels, tables, errors."""

from bti.portal import _
from bti.portal.domain import statistics as s


KINDS = {
    s.CONCERN_NOTED: _("stats_kind_concern_noted", default="Concerns noted"),
    s.CONCERN_DECIDED: _("stats_kind_concern_decided", default="Concerns decided"),
    s.LOG_STARTED: _("stats_kind_log_started", default="Logs started"),
    s.ESCALATED: _("stats_kind_escalated", default="Logs moved up a level"),
    s.PASSIVE: _("stats_kind_passive", default="Logs made passive"),
    s.CLOSED: _("stats_kind_closed", default="Logs closed"),
    s.INDIVIDUAL_PLAN: _(
        "stats_kind_individual_plan", default="Individual plans taken over"
    ),
}
REASONS = {
    "close": _("stats_reason_close", default="No further follow-up"),
    "start_log": _("stats_reason_start_log", default="Relay log started"),
    "child_welfare": _(
        "stats_reason_child_welfare", default="Reported to the child welfare service"
    ),
    "goals_reached": _("stats_reason_goals_reached", default="Goals reached"),
    "individual_plan": _(
        "stats_reason_individual_plan", default="An individual plan took over"
    ),
    "consent_withdrawn": _(
        "stats_reason_consent_withdrawn", default="Consent withdrawn"
    ),
    "moved": _("stats_reason_moved", default="The child moved"),
    s.UNKNOWN_REASON: _("stats_reason_unknown", default="Reason not recorded"),
}
LEVELS = {
    "0": _("stats_level_0", default="Level 0"),
    "1": _("stats_level_1", default="Level 1"),
    "2": _("stats_level_2", default="Level 2"),
    "3": _("stats_level_3", default="Level 3"),
    "4": _("stats_level_4", default="Individual plan"),
}
TABLES = {
    "per_quarter": _("stats_table_per_quarter", default="Per quarter"),
    "per_level": _("stats_table_per_level", default="Per level"),
    "per_unit": _("stats_table_per_unit", default="Per unit"),
    "reasons_concern_decided": _(
        "stats_table_reasons_concern_decided", default="Decisions on concerns"
    ),
    "reasons_closed": _("stats_table_reasons_closed", default="Why logs were closed"),
}
TOTAL = _("stats_total", default="Total")
SUPPRESSED = _("stats_suppressed", default="fewer than 5")
WITHHELD = _("stats_withheld", default="not shown")
ERRORS = {
    "stats_quarter_invalid": _(
        "stats_quarter_invalid",
        default="Write the quarter as year and quarter, for example 2026Q3.",
    ),
    "stats_range_invalid": _(
        "stats_range_invalid",
        default="The first quarter must come before the last, at most ten years apart.",
    ),
    "stats_unit_unknown": _(
        "stats_unit_unknown", default="Choose one of the units in the list."
    ),
    "stats_format_unknown": _(
        "stats_format_unknown", default="The format can be json or csv."
    ),
}
