"""The log's own page: header, the guide for the log's level (staff), me as a
child, goals, meetings, messages, consents, files, level changes and history.
Only people with a role on the log (View) get here.

The log is small: its items are read from the log itself, not the catalog (the
guide is, through bti.portal.relaylog.guide).
"""

from bti.portal import _
from bti.portal.content.family_page import direction
from bti.portal.dates import day_text
from bti.portal.dates import time_text
from bti.portal.domain import consent as c
from bti.portal.domain import deadlines
from bti.portal.domain import national_id
from bti.portal.domain import permissions as p
from bti.portal.domain.levels import INDIVIDUAL_PLAN
from bti.portal.domain.levels import LEVEL3
from bti.portal.domain.levels import WORKING_STATES
from bti.portal.relaylog import facts
from bti.portal.relaylog import roles
from bti.portal.relaylog.consent.provenance import provenance_text
from bti.portal.relaylog.family import members as family
from bti.portal.relaylog.family import overview as family_overview
from bti.portal.relaylog.family import rules as family_rules
from bti.portal.relaylog.guide import entries as guide_entries
from bti.portal.relaylog.guide.actions import add_url
from bti.portal.relaylog.handover import rules as handover
from bti.portal.relaylog.individual_plan import actions as plan_actions
from bti.portal.relaylog.individual_plan import rules as plan_rules
from bti.portal.relaylog.people import role_title
from bti.portal.relaylog.reasons import message
from bti.portal.relaylog.workflow import transitions
from bti.portal.users import fullname
from bti.portal.vocabularies.logs import ACTIVITY_STATUSES
from bti.portal.vocabularies.logs import CLOSE_REASONS
from bti.portal.vocabularies.logs import CONSENT_KINDS
from bti.portal.vocabularies.logs import GOAL_AREAS
from bti.portal.vocabularies.logs import MESSAGE_KINDS
from bti.portal.vocabularies.logs import SERVICE_KINDS
from datetime import date
from datetime import datetime
from plone import api
from Products.Five.browser import BrowserView


# The add buttons, in the order the page shows them.
ADDABLE = (
    ("Goal", _("add_goal", default="Add goal")),
    ("Meeting", _("add_meeting", default="Add meeting")),
    ("LogMessage", _("add_message", default="Write message")),
    ("Consent", _("add_consent", default="Record consent")),
    ("Attachment", _("add_attachment", default="Add file or picture")),
)


def term_title(vocabulary, value) -> str:
    if value in vocabulary:
        return api.portal.translate(vocabulary.getTerm(value).title)
    return value or ""


def items(container, type_name: str) -> list:
    return [item for item in container.objectValues() if item.portal_type == type_name]


def created_of(item):
    return item.created().asdatetime() if item.created() else None


class LogView(BrowserView):
    def __call__(self):
        if not api.user.has_permission("View", obj=self.context):
            # Oversight roles ("View log overview", no View): the status page.
            return self.request.response.redirect(
                f"{self.context.absolute_url()}/@@log-status"
            )
        self.today = date.today()
        self.can_edit = api.user.has_permission(
            "Modify portal content", obj=self.context
        )
        return self.index()

    @property
    def content_lang(self) -> str:
        """What people write in the log is in the site's language (``lang`` on
        it when the reader chose another language)."""
        return api.portal.get_default_language() or "nb"

    @property
    def content_dir(self) -> str:
        return direction(self.content_lang)

    # Header

    def header(self) -> dict:
        log = self.context
        unit = roles.unit_of(log)
        state = api.content.get_state(log)
        return {
            "initials": log.Title(),
            "full_name": log.full_name or "",
            "national_id": national_id.mask(log.national_id),
            "state": state,
            "state_title": transitions.state_title(state),
            "holders": [fullname(user_id) for user_id in roles.holders(log)],
            "unit": unit.Title() if unit else "",
            "next_meeting": self.next_meeting(),
            "close_reason": term_title(CLOSE_REASONS, log.close_reason)
            if state in ("closed", INDIVIDUAL_PLAN)
            else "",
            "guardians": [fullname(name) for name in log.guardians or ()],
            "initiative_by": log.initiative_by or "",
            "initiative_reason": log.initiative_reason or "",
            "viewer_is_youth": self.viewer_is_youth(),
        }

    def viewer_is_youth(self) -> bool:
        """The reader is the log's young person: words for them, not a parent."""
        if api.user.is_anonymous():
            return False
        user_id = api.user.get_current().getId()
        return user_id in roles.users_with_role(self.context, p.YOUTH)

    def next_meeting(self) -> dict | None:
        now = datetime.now()
        upcoming = sorted(
            (
                meeting
                for meeting in items(self.context, "Meeting")
                if _naive(meeting.start) >= now
            ),
            key=lambda meeting: _naive(meeting.start),
        )
        if not upcoming:
            return None
        meeting = upcoming[0]
        return {
            "when": time_text(meeting.start),
            "place": meeting.place,
            "url": meeting.absolute_url(),
        }

    def me(self) -> dict:
        return {
            "strengths": self.context.strengths or "",
            "challenges": self.context.challenges or "",
        }

    # People

    def people(self) -> list[dict]:
        found = []
        for role in roles.PEOPLE_ROLES:
            for user_id in roles.users_with_role(self.context, role):
                found.append({"role": role_title(role), "name": fullname(user_id)})
        return found

    def offer(self) -> dict | None:
        offer = handover.current_offer(self.context)
        if not offer:
            return None
        return {"to": fullname(offer["to"]), "by": fullname(offer["by"])}

    def may_hand_over(self) -> bool:
        return api.user.has_permission(p.HAND_OVER, obj=self.context)

    def may_share(self) -> bool:
        return api.user.has_permission("Sharing page: Delegate roles", obj=self.context)

    # The family's links: add a family member, withdraw consent, sign.

    def add_family_url(self) -> str | None:
        if not family.may_manage(self.context):
            return None
        return f"{self.context.absolute_url()}/@@add-family"

    def plan(self) -> dict | None:
        """The banner of a log that continues as an individual plan."""
        state = api.content.get_state(self.context)
        if state != INDIVIDUAL_PLAN:
            return None
        return {
            "coordinators": ", ".join(
                fullname(user_id) for user_id in plan_rules.coordinators(self.context)
            ),
            "url": f"{self.context.absolute_url()}/@@individual-plan",
        }

    def start_plan_url(self) -> str | None:
        """The holder at level 3 may continue the log as an individual plan."""
        if api.content.get_state(self.context) != LEVEL3 or not plan_actions.may_start(
            self.context
        ):
            return None
        return f"{self.context.absolute_url()}/@@individual-plan"

    def withdraw_url(self) -> str | None:
        state = api.content.get_state(self.context)
        if state not in WORKING_STATES or not api.user.has_permission(
            p.WITHDRAW_CONSENT, obj=self.context
        ):
            return None
        return f"{self.context.absolute_url()}/@@withdraw-consent"

    @property
    def add_evaluation_label(self) -> str:
        user = api.user.get_current()
        if family_rules.is_family_only(self.context, user):
            return api.portal.translate(_("add_comment", default="Add a comment"))
        return api.portal.translate(_("add_evaluation", default="Add evaluation"))

    # Goals, activities, evaluations

    def goals(self) -> list[dict]:
        area_order = {term.value: index for index, term in enumerate(GOAL_AREAS)}
        goals = sorted(
            items(self.context, "Goal"),
            key=lambda goal: (
                area_order.get(goal.area, 99),
                created_of(goal) or datetime.min,
            ),
        )
        return [
            {
                "title": goal.Title(),
                "area": term_title(GOAL_AREAS, goal.area),
                "criteria": goal.criteria or "",
                "url": goal.absolute_url(),
                "activities": [self.activity(item) for item in items(goal, "Activity")],
                "add_activity_url": add_url(goal, "Activity"),
            }
            for goal in goals
        ]

    def activity(self, activity) -> dict:
        done = activity.status in ("done", "stopped")
        flags = (
            deadlines.flags(activity.deadline, self.today, done=done)
            if activity.deadline
            else []
        )
        return {
            "title": activity.Title(),
            "url": activity.absolute_url(),
            "responsible": fullname(activity.responsible),
            "deadline": day_text(activity.deadline),
            "status": term_title(ACTIVITY_STATUSES, activity.status),
            "overdue": deadlines.OVERDUE in flags,
            "due_soon": deadlines.DUE_SOON in flags,
            "evaluations": [
                {
                    "worked": evaluation.worked or "",
                    "did_not_work": evaluation.did_not_work or "",
                    "why": evaluation.why or "",
                    "by": fullname(evaluation.Creator()),
                    "when": day_text(created_of(evaluation)),
                }
                for evaluation in sorted(items(activity, "Evaluation"), key=created_of)
            ],
            # Families comment only on their own activities (family_rules).
            "add_evaluation_url": add_url(activity, "Evaluation")
            if family_rules.may_evaluate(activity)
            else None,
            "add_evaluation_label": self.add_evaluation_label,
        }

    # Meetings, messages, consents, files

    def meetings(self) -> list[dict]:
        return [
            {
                "title": meeting.Title(),
                "when": time_text(meeting.start),
                "place": meeting.place or "",
                "invited": [fullname(user_id) for user_id in meeting.invited or ()],
                "agenda": meeting.agenda or "",
                "url": meeting.absolute_url(),
                "past": _naive(meeting.start) < datetime.now(),
            }
            for meeting in sorted(
                items(self.context, "Meeting"),
                key=lambda m: _naive(m.start),
                reverse=True,
            )
        ]

    def messages(self) -> list[dict]:
        """Newest first."""
        found = sorted(items(self.context, "LogMessage"), key=created_of, reverse=True)
        return [
            {
                "kind": term_title(MESSAGE_KINDS, item.kind),
                "text": item.text or "",
                "by": fullname(item.Creator()),
                "when": time_text(created_of(item)),
            }
            for item in found
        ]

    def consents(self) -> list[dict]:
        user_id = api.user.get_current().getId()
        found = []
        for item in items(self.context, "Consent"):
            consent = facts.to_domain_consent(item)
            status = c.status(consent, self.today)
            flags = c.flags(consent, self.today)
            ends = c.expiry(consent)
            found.append({
                "kind": term_title(CONSENT_KINDS, consent.kind),
                "services": [
                    term_title(SERVICE_KINDS, s) for s in sorted(consent.services)
                ],
                "signed": day_text(consent.signed),
                "provenance": provenance_text(item),
                "ends": day_text(ends),
                "status": status,
                "status_text": api.portal.translate(message(status)),
                "flags": [api.portal.translate(message(flag)) for flag in flags],
                "problems": [
                    api.portal.translate(message(code))
                    for code in facts.consent_problems(self.context, consent)
                    if code != "not_signed"
                ]
                if consent.signed
                else [],
                "url": item.absolute_url(),
                "sign_url": f"{item.absolute_url()}/@@sign-consent"
                if family_overview.waits_for(item, user_id)
                else None,
                "css": _consent_css(status, flags),
            })
        return found

    def attachments(self) -> list[dict]:
        found = []
        for item in items(self.context, "Attachment"):
            field = "file" if item.file else "image"
            found.append({
                "title": item.Title(),
                "url": f"{item.absolute_url()}/@@download/{field}",
            })
        return found

    def add_buttons(self) -> list[dict]:
        found = []
        for type_name, label in ADDABLE:
            url = add_url(self.context, type_name)
            if url:
                found.append({"type": type_name, "title": label, "url": url})
        return found

    # The site's guide for the log's level (staff only)

    def guide(self) -> dict | None:
        return guide_entries.for_log(self.context, self.today)

    # Level changes and history

    def level_changes(self) -> dict:
        return transitions.options(self.context)

    def history(self) -> list[dict]:
        return [
            {**entry, "when": time_text(entry["time"])}
            for entry in transitions.history(self.context)
        ]


def _naive(value):
    """Datetimes compared without their zone (meetings are entered in local time)."""
    if value is None:
        return datetime.min
    return value.replace(tzinfo=None) if getattr(value, "tzinfo", None) else value


def _consent_css(status: str, flags: list[str]) -> str:
    if status == c.VALID:
        return "warning" if flags else "success"
    if status in (c.EXPIRED, c.WITHDRAWN):
        return "danger"
    return "secondary"
