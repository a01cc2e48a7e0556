"""What the archive copy of a log shows, as plain data for the print template.

Read without permission checks (the copy is made whoever triggers it, a family
withdrawing consent included) and in the site's language, not the reader's:
the copy is the same whoever's action made it.
"""

from bti.portal import _
from bti.portal.audit.listing import site_store
from bti.portal.dates import format_day
from bti.portal.dates import format_moment
from bti.portal.dates import language_of
from bti.portal.dates import local
from bti.portal.relaylog import roles
from bti.portal.relaylog.consent.provenance import BANKID
from bti.portal.relaylog.consent.provenance import how_signed
from bti.portal.relaylog.consent.signing import signatures
from bti.portal.relaylog.consent.signing import withdrawals
from bti.portal.relaylog.handover.rules import handovers
from bti.portal.relaylog.people import ROLE_TITLES
from bti.portal.relaylog.transfer.rules import HISTORY_TITLES
from bti.portal.users import fullname
from bti.portal.workflows.relaylog import STATE_TITLES
from bti.portal.workflows.relaylog import TRANSITION_TITLES
from collections import Counter
from datetime import date
from datetime import datetime
from plone import api
from plone.uuid.interfaces import IUUID
from zope.component import queryUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory


def site_language() -> str:
    return language_of(api.portal.get_default_language()) or "nb"


class Texts:
    """Translation and dates in one language."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, message) -> str:
        return translate(message, target_language=self.language)

    def day(self, value) -> str:
        if not value:
            return ""
        if hasattr(value, "asdatetime"):
            value = value.asdatetime()
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if isinstance(value, datetime) and value.tzinfo:
            value = local(value)
        return format_day(value, self.language)

    def moment(self, value) -> str:
        if not value:
            return ""
        if hasattr(value, "asdatetime"):
            value = value.asdatetime()
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if isinstance(value, date) and not isinstance(value, datetime):
            return format_day(value, self.language)
        return format_moment(local(value), self.language)

    def term(self, vocabulary: str, value, context) -> str:
        factory = queryUtility(IVocabularyFactory, name=vocabulary)
        if factory is None or value is None:
            return str(value or "")
        try:
            return self(factory(context).getTerm(value).title)
        except LookupError:
            return str(value)


def _items(container, portal_type: str) -> list:
    found = [o for o in container.objectValues() if o.portal_type == portal_type]
    return sorted(found, key=lambda o: o.created())


def _text(value) -> str:
    return (value or "").strip() if isinstance(value, str) else ""


def overview(log, t: Texts) -> dict:
    unit = roles.unit_of(log)
    return {
        "log_id": log.getId(),
        "initials": log.Title(),
        "full_name": _text(log.full_name),
        "national_id": _text(log.national_id),
        "unit": unit.Title() if unit else "",
        "state": t(_(STATE_TITLES.get(api.content.get_state(log), "")))
        if api.content.get_state(log) in STATE_TITLES
        else "",
        "close_reason": t.term("bti.portal.CloseReasons", log.close_reason, log)
        if getattr(log, "close_reason", None)
        else "",
        "holders": [fullname(user_id) for user_id in roles.holders(log)],
        "guardians": list(log.guardians or ()),
        "initiative_by": _text(log.initiative_by),
        "initiative_reason": _text(log.initiative_reason),
        "strengths": _text(log.strengths),
        "challenges": _text(log.challenges),
        "created": t.day(log.created()),
    }


def goals(log, t: Texts) -> list[dict]:
    found = []
    for goal in _items(log, "Goal"):
        activities = []
        for activity in _items(goal, "Activity"):
            activities.append({
                "title": activity.Title(),
                "responsible": fullname(activity.responsible or ""),
                "deadline": t.day(activity.deadline),
                "status": t.term(
                    "bti.portal.ActivityStatuses", activity.status, activity
                ),
                "evaluations": [
                    {
                        "when": t.day(evaluation.created()),
                        "by": fullname(evaluation.Creator()),
                        "worked": _text(evaluation.worked),
                        "did_not_work": _text(evaluation.did_not_work),
                        "why": _text(evaluation.why),
                    }
                    for evaluation in _items(activity, "Evaluation")
                ],
            })
        found.append({
            "title": goal.Title(),
            "area": t.term("bti.portal.GoalAreas", goal.area, goal),
            "criteria": _text(goal.criteria),
            "activities": activities,
        })
    return found


def messages(log, t: Texts) -> list[dict]:
    return [
        {
            "when": t.moment(message.created()),
            "by": fullname(message.Creator()),
            "kind": t.term("bti.portal.MessageKinds", message.kind, message),
            "text": _text(message.text),
        }
        for message in _items(log, "LogMessage")
    ]


def meetings(log, t: Texts) -> list[dict]:
    return [
        {
            "start": t.moment(meeting.start),
            "place": _text(meeting.place),
            "invited": [fullname(user_id) for user_id in meeting.invited or ()],
            "agenda": _text(meeting.agenda),
        }
        for meeting in _items(log, "Meeting")
    ]


def consents(log, t: Texts) -> list[dict]:
    found = []
    for consent in _items(log, "Consent"):
        how = how_signed(consent)
        records = [
            {
                "how": "BankID",
                "who": fullname(record.get("user_id", "")),
                "role": t(ROLE_TITLES.get(record.get("role"), record.get("role", ""))),
                "when": t.moment(record.get("at")),
            }
            for record in signatures(consent)
        ]
        if how and how != BANKID:
            records.append({
                "how": t(_("archive_signed_on_paper", default="Paper")),
                "who": fullname(consent.Creator()),
                "role": t(_("archive_registered_by", default="registered by")),
                "when": t.day(consent.created()),
            })
        found.append({
            "kind": t.term("bti.portal.ConsentKinds", consent.kind, consent),
            "services": [
                t.term("bti.portal.ServiceKinds", service, consent)
                for service in consent.services or ()
            ],
            "signed": t.day(consent.signed),
            "signed_by": list(consent.signed_by or ()),
            "valid_until": t.day(consent.valid_until),
            "withdrawn": t.day(consent.withdrawn),
            "records": records,
            "withdrawals": [
                {
                    "who": fullname(record.get("user_id", "")),
                    "when": t.moment(record.get("at")),
                }
                for record in withdrawals(consent)
            ],
        })
    return found


def history(log, t: Texts) -> list[dict]:
    """Workflow history and accepted handovers, oldest first."""
    entries = []
    wftool = api.portal.get_tool("portal_workflow")
    for entry in wftool.getInfoFor(log, "review_history", []) or []:
        action = entry.get("action")
        if action in HISTORY_TITLES:
            title = t(HISTORY_TITLES[action])
        elif action:
            title = t(_(TRANSITION_TITLES.get(action, action)))
        else:
            title = t(_("history_created", default="Log created"))
        moment = entry["time"].asdatetime()
        entries.append((
            moment,
            {
                "when": t.moment(moment),
                "what": title,
                "who": fullname(entry.get("actor") or ""),
                "comment": _text(entry.get("comments")),
            },
        ))
    for handover in handovers(log):
        moment = datetime.fromisoformat(handover["at"])
        previous = ", ".join(fullname(user_id) for user_id in handover["previous"])
        entries.append((
            moment,
            {
                "when": t.moment(moment),
                "what": t(_("archive_handover", default="New holder")),
                "who": fullname(handover["to"]),
                "comment": f"{previous} → {fullname(handover['to'])}",
            },
        ))
    return [entry for _moment, entry in sorted(entries, key=lambda e: e[0])]


def audit_summary(log, t: Texts) -> list[dict]:
    """Reads per person (with their role on the log) from the audit store."""
    counts = Counter()
    for record in site_store().for_log(IUUID(log)):
        if record.status < 400:
            counts[record.user_id] += 1
    local_roles = dict(log.get_local_roles())
    rows = []
    for user_id, count in counts.most_common():
        titles = [
            t(ROLE_TITLES[role])
            for role in local_roles.get(user_id, ())
            if role in ROLE_TITLES
        ]
        rows.append({
            "who": fullname(user_id),
            "role": ", ".join(titles),
            "count": count,
        })
    return rows


def log_document(log, event_title: str, moment: datetime) -> dict:
    t = Texts(site_language())
    return {
        "language": t.language,
        "event": event_title,
        "made": t.moment(moment),
        "overview": overview(log, t),
        "goals": goals(log, t),
        "messages": messages(log, t),
        "meetings": meetings(log, t),
        "consents": consents(log, t),
        "history": history(log, t),
        "audit": audit_summary(log, t),
    }
