"""The guide for one log and the current user: the steps of the log's level, and
the first steps of the next level when it is near (``rules``), each step with
its tools and forms and the button of the log action it names (``actions``).

The log's page and ``GET <log>/@guide`` both show what ``for_log`` returns.
Staff only: the family on a log sees no guide (None).
"""

from bti.portal import _
from bti.portal.memo import translate
from bti.portal.memo import translated
from bti.portal.relaylog import facts
from bti.portal.relaylog.family import rules as family_rules
from bti.portal.relaylog.guide import reading
from bti.portal.relaylog.guide import rules
from bti.portal.relaylog.guide.actions import LogActions
from bti.portal.users import current_user
from datetime import date
from datetime import datetime
from plone import api


DONE = ("done", "stopped")

REASONS = {
    rules.EVALUATION_DUE: _(
        "guide_near_evaluation_due",
        default="An activity's deadline is near or has passed: time to evaluate.",
    ),
    rules.MEETING_SOON: _(
        "guide_near_meeting_soon",
        default="A meeting is coming up, where the way on is decided.",
    ),
    rules.NEXT_LEVEL_POSSIBLE: _(
        "guide_near_next_level_possible",
        default="The consent for cooperation is in place: the log may move on.",
    ),
}


def heading(level: int) -> str:
    if level == rules.IP_LEVEL:
        return translated(
            _("guide_for_individual_plan", default="The guide for the individual plan")
        )
    return translate(
        _(
            "guide_for_level",
            default="The guide for level ${level}",
            mapping={"level": level},
        )
    )


def _items(container, type_name: str) -> list:
    return facts.items(container, type_name)


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def near(log, state: str, level: int, today: date) -> list[str]:
    """Reason codes why the level after ``level`` is near for ``log``."""
    open_deadlines = [
        _day(activity.deadline)
        for goal in _items(log, "Goal")
        for activity in _items(goal, "Activity")
        if activity.deadline and activity.status not in DONE
    ]
    meetings = [_day(meeting.start) for meeting in _items(log, "Meeting")]
    transition = rules.NEXT_TRANSITION.get(level)
    passes = bool(transition) and not facts.transition_problems(log, transition, today)
    return rules.near_reasons(
        today=today,
        open_deadlines=[day for day in open_deadlines if day],
        meetings=[day for day in meetings if day],
        next_guard_passes=passes,
    )


def _part(page: dict | None, level: int, log_actions, limit=None) -> dict:
    steps = list(page["steps"]) if page else []
    if limit is not None:
        steps = steps[:limit]
    return {
        "level": level,
        "heading": heading(level),
        "title": page["title"] if page else "",
        "url": page["url"] if page else None,
        "steps": [
            {**step, "buttons": log_actions.buttons(step["action"])} for step in steps
        ],
    }


def for_log(log, today: date | None = None) -> dict | None:
    """{"level", "heading", "title", "url", "steps", "next"}; None for the family
    and for a log that follows no level (passive, closed)."""
    if family_rules.is_family_only(log, current_user()):
        return None
    state = api.content.get_state(log, default="")
    level = rules.guide_level(state, getattr(log, "close_reason", None) or "")
    if level is None:
        return None
    today = today or date.today()
    log_actions = LogActions(log)
    result = _part(reading.level_page(level), level, log_actions)
    result["next"] = None
    following = rules.next_level(state, level)
    reasons = near(log, state, level, today) if following is not None else []
    if reasons:
        page = reading.level_page(following)
        if page and page["steps"]:
            result["next"] = {
                **_part(page, following, log_actions, limit=rules.NEXT_STEPS),
                "reasons": [
                    {"code": code, "message": translated(REASONS[code])}
                    for code in reasons
                ],
            }
    return result
