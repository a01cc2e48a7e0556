"""The Stafettlogg's demo data: units, concerns and logs in every state.

Read from content/<language>/logs.json. Everything is made the way people make it:
concerns noted by staff and decided through
``bti.portal.relaylog.concerns.decisions`` (a "start_log" decision creates the log),
each other log created by its relay holder, consents signed by the family, roles
given on the log, and each level reached through the workflow, whose guards check
the consents. A refused transition or decision means the demo data is wrong, not
the rule.

Dates in logs.json are whole days from the day the site is made (-30: thirty
days ago, 7: in a week), so the demo always looks current. Meetings also take a
"time" (HH:MM) and a length in "minutes". Unit titles may say {municipality}
(the site's first municipality) or {municipalities} (all of them).
"""

from bti.portal.distributions.content_tree import free_id
from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.relaylog import roles
from bti.portal.relaylog.concerns import decisions
from bti.portal.relaylog.handover import rules as handover
from bti.portal.relaylog.titles import neutral_title
from bti.portal.settings import get_settings
from bti.portal.setuphandlers import LOG_FOLDER_ID
from DateTime import DateTime
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from plone import api
from zope.globalrequest import getRequest


# Transitions that end the active work: the log's content is added before them.
LAST_TRANSITIONS = ("withdraw_consent", "close")
CONSENT_DATES = ("signed", "valid_until", "withdrawn")


def add_demo_logs(site, data: dict, today: date | None = None) -> None:
    today = today or date.today()
    forget_cached_catalog()
    folder = site[LOG_FOLDER_ID]
    units = {spec["key"]: add_unit(folder, spec) for spec in data["units"]}
    started = {}  # log key -> the log a concern's "start_log" decision created
    for spec in data["concerns"]:
        add_concern(folder, units, spec, today, started)
    for spec in data["logs"]:
        add_log(folder, units, spec, today, started.get(spec["key"]))


def forget_cached_catalog() -> None:
    """plone.app.uuid keeps the first site's catalog on the request; ``make start``
    and the test layer make every demo site in one request, so UID lookups
    (a log's unit) would search the wrong site's catalog."""
    request = getRequest()
    if request is not None and "_catalog" in request.__dict__:
        del request.__dict__["_catalog"]


def day(today: date, days: int) -> date:
    return today + timedelta(days=days)


def place_names() -> dict:
    names = list(get_settings().municipalities or [])
    if len(names) > 1:
        joined = f"{', '.join(names[:-1])} og {names[-1]}"  # "og" in bokmål and nynorsk
    else:
        joined = "".join(names)
    return {"municipality": names[0] if names else "", "municipalities": joined}


def add_unit(folder, spec: dict):
    title = spec["title"].format(**place_names())
    return api.content.create(
        container=folder,
        type="Unit",
        id=free_id(folder, title),
        title=title,
        service=spec["service"],
        leaders=list(spec.get("leaders", [])),
        resource_persons=list(spec.get("resource_persons", [])),
        staff=list(spec.get("staff", [])),
    )


# --- Logs -------------------------------------------------------------------------


def add_log(folder, units: dict, spec: dict, today: date, log=None):
    """Create the log as its holder, or fill in ``log`` (started from a concern)."""
    holder = spec["holder"]
    fields = {
        name: spec[name]
        for name in (
            "title",
            "full_name",
            "national_id",
            "guardians",
            "initiative_by",
            "initiative_reason",
            "strengths",
            "challenges",
        )
        if name in spec
    }
    fields["unit"] = units[spec["unit"]].UID()
    with api.env.adopt_user(username=holder):
        if log is None:
            log = create(folder, "RelayLog", **fields)
        else:
            if holder not in roles.holders(log):
                raise ValueError(
                    f"demo log {spec['key']}: started by someone else than its holder"
                )
            # What the holder fills in on the new log's edit form.
            for name, value in fields.items():
                setattr(log, name, value)
            roles.sync_unit_leaders(log)
            log.reindexObject()
        for consent in spec.get("consents", []):
            create(log, "Consent", **consent_fields(consent, today))
    transitions = spec.get("transitions", [])
    for transition in transitions:
        if transition in LAST_TRANSITIONS:
            break
        fire(log, transition, holder)
        if transition == "start":
            give_roles(log, spec)
    add_plan(log, spec, today)
    add_meetings_and_messages(log, spec, today)
    if spec.get("offer_to"):
        with api.env.adopt_user(username=holder):
            handover.offer(log, spec["offer_to"], by_user=holder)
    for transition in transitions:
        if transition == "withdraw_consent":
            withdraw_consents(log, day(today, spec["withdrawn"]))
            fire(log, transition, holder)
        elif transition == "close":
            log.close_reason = spec["close_reason"]
            fire(log, transition, holder)
    return log


def consent_fields(spec: dict, today: date) -> dict:
    fields = dict(spec)
    for name in CONSENT_DATES:
        if fields.get(name) is not None:
            fields[name] = day(today, fields[name])
    return fields


def fire(obj, transition: str, user_id: str) -> None:
    """As ``user_id``, through the workflow and its guard (which may refuse)."""
    with api.env.adopt_user(username=user_id):
        api.content.transition(obj=obj, transition=transition)


def give_roles(log, spec: dict) -> None:
    """Once consent is given: the family's and the participants' local roles."""
    for guardian in spec.get("guardians", []):
        if api.user.get(username=guardian) is not None:
            roles.set_role(log, guardian, p.GUARDIAN)
    if spec.get("youth"):
        roles.set_role(log, spec["youth"], p.YOUTH)
    for participant in spec.get("participants", []):
        roles.set_role(log, participant, p.PARTICIPANT)


def withdraw_consents(log, when: date) -> None:
    """The family withdraws: every consent in the log ends on ``when``."""
    for item in log.objectValues():
        if item.portal_type == "Consent" and not item.withdrawn:
            item.withdrawn = when


def add_plan(log, spec: dict, today: date) -> None:
    holder = spec["holder"]
    for goal_spec in spec.get("goals", []):
        with api.env.adopt_user(username=goal_spec.get("by", holder)):
            goal = create(
                log,
                "Goal",
                area=goal_spec["area"],
                title=goal_spec["title"],
                criteria=goal_spec.get("criteria", ""),
            )
        backdate(goal, day(today, goal_spec.get("created", 0)))
        for activity_spec in goal_spec.get("activities", []):
            add_activity(goal, activity_spec, holder, today)


def add_activity(goal, spec: dict, holder: str, today: date) -> None:
    deadline = spec.get("deadline")
    with api.env.adopt_user(username=spec.get("by", holder)):
        activity = create(
            goal,
            "Activity",
            title=spec["title"],
            responsible=spec["responsible"],
            deadline=None if deadline is None else day(today, deadline),
            status=spec.get("status", "planned"),
        )
    backdate(activity, day(today, spec.get("created", 0)))
    for evaluation in spec.get("evaluations", []):
        with api.env.adopt_user(username=evaluation["by"]):
            item = create(
                activity,
                "Evaluation",
                worked=evaluation.get("worked", ""),
                did_not_work=evaluation.get("did_not_work", ""),
                why=evaluation.get("why", ""),
            )
        backdate(item, day(today, evaluation.get("created", 0)))


def add_meetings_and_messages(log, spec: dict, today: date) -> None:
    holder = spec["holder"]
    meetings = {}
    for meeting_spec in spec.get("meetings", []):
        start = datetime.combine(
            day(today, meeting_spec["start"]),
            time.fromisoformat(meeting_spec.get("time", "14:00")),
        )
        with api.env.adopt_user(username=meeting_spec.get("by", holder)):
            meeting = create(
                log,
                "Meeting",
                start=start,
                end=start + timedelta(minutes=meeting_spec.get("minutes", 60)),
                place=meeting_spec["place"],
                invited=list(meeting_spec.get("invited", [])),
                agenda=meeting_spec.get("agenda", ""),
            )
        backdate(meeting, day(today, meeting_spec.get("created", 0)))
        meetings[meeting_spec.get("key")] = meeting
    for message_spec in spec.get("messages", []):
        meeting = meetings.get(message_spec.get("meeting"))
        with api.env.adopt_user(username=message_spec.get("by", holder)):
            message = create(
                log,
                "LogMessage",
                kind=message_spec.get("kind", "message"),
                text=message_spec["text"],
                meeting_uid=meeting.UID() if meeting else None,
            )
        backdate(message, day(today, message_spec.get("created", 0)))


def backdate(item, when: date) -> None:
    """Written on ``when`` (the demo's history); the neutral title follows the date."""
    stamp = DateTime(f"{when.isoformat()} 10:00 {site_timezone()}")
    item.creation_date = stamp
    item.modification_date = stamp
    title = neutral_title(item)
    if title:
        item.title = title
    item.reindexObject(
        idxs=["created", "modified", "Title", "sortable_title", "bti_message_order"]
    )


def site_timezone() -> str:
    return (
        api.portal.get_registry_record("plone.portal_timezone", default=None) or "UTC"
    )


# --- Concerns ---------------------------------------------------------------------


def add_concern(folder, units: dict, spec: dict, today: date, started: dict):
    """Noted by ``by``; then each decision in turn, dated as the data says."""
    with api.env.adopt_user(username=spec["by"]):
        concern = create(
            folder,
            "Concern",
            title=spec["title"],
            unit=units[spec["unit"]].UID(),
            noticed=day(today, spec["noticed"]),
            what_noticed=spec["what_noticed"],
            observations=spec.get("observations", ""),
            talk_with_child=spec.get("talk_with_child", ""),
            talk_with_parents=spec.get("talk_with_parents", ""),
        )
    for decision in spec.get("decisions", []):
        with api.env.adopt_user(username=decision["by"]):
            log = decisions.decide(
                concern, decision["decision"], decision.get("reason", "")
            )
        if log is not None:
            started[spec["log"]] = log
        backdate_decision(concern, day(today, decision["on"]))
    return concern


def backdate_decision(concern, when: date) -> None:
    """The last decision was made on ``when`` (decide() records today)."""
    concern.decided_on = when
    history = list(getattr(concern, "decision_history", ()))
    if history:
        history[-1] = {**history[-1], "on": when.isoformat()}
        concern.decision_history = tuple(history)
    concern.reindexObject()
