"""The log's own page: header, the guide for the log's level (staff), me as a
child, goals, meetings, messages, consents, files, level changes and history.
Only people with a role on the log (View) get here.

Items of a type are found through the catalog (``facts.items``: once per
page, a log's goals, activities, evaluations, meetings, consents and files in
one search), so the hundreds of messages of a long log are not woken to
render its goals. Permissions the page, its guide and its level buttons share
are checked once (``facts.may``). Messages
and history show the newest ``PAGE_SIZE``, with a plain link to older ones
(``?b_start=`` for messages, ``?history_start=`` for history). Full names are
looked up once per page (``name``).
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
from bti.portal.interfaces import IProductPage
from bti.portal.memo import translated
from bti.portal.relaylog import facts
from bti.portal.relaylog import messages_newest_first
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
from bti.portal.relaylog.overview.paging import whole_or_400
from bti.portal.relaylog.people import role_title
from bti.portal.relaylog.reasons import message
from bti.portal.relaylog.titles import reader_title
from bti.portal.relaylog.workflow import transitions
from bti.portal.users import current_user
from bti.portal.users import fullname as lookup_fullname
from bti.portal.vocabularies.logs import ACTIVITY_STATUSES
from bti.portal.vocabularies.logs import CLOSE_REASONS
from bti.portal.vocabularies.logs import CONSENT_KINDS
from bti.portal.vocabularies.logs import GOAL_AREAS
from bti.portal.vocabularies.logs import MESSAGE_KINDS
from bti.portal.vocabularies.logs import SERVICE_KINDS
from datetime import date
from datetime import datetime
from plone import api
from plone.memoize.instance import memoize
from Products.Five.browser import BrowserView
from urllib.parse import urlencode
from zope.interface import implementer


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
        return translated(vocabulary.getTerm(value).title)
    return value or ""


def items(container, type_name: str) -> list:
    return facts.items(container, type_name)


# Messages and history entries per page.
PAGE_SIZE = 20
MESSAGES_START = "b_start"
HISTORY_START = "history_start"
MAX_START = 10_000_000


def created_of(item):
    return item.created().asdatetime() if item.created() else None


@implementer(IProductPage)
class LogView(BrowserView):
    messages_start = 0
    history_start = 0

    def __call__(self):
        if not api.user.has_permission("View", obj=self.context):
            # Oversight roles ("View log overview", no View): the status page.
            return self.request.response.redirect(
                f"{self.context.absolute_url()}/@@log-status"
            )
        self.messages_start = whole_or_400(
            self.request.form, MESSAGES_START, 0, 0, MAX_START
        )
        self.history_start = whole_or_400(
            self.request.form, HISTORY_START, 0, 0, MAX_START
        )
        self.today = date.today()
        self.can_edit = api.user.has_permission(
            "Modify portal content", obj=self.context
        )
        with facts.remembered():  # the page only reads
            return self.index()

    def name(self, user_id: str) -> str:
        """``users.fullname``, looked up once per user on this page."""
        names = self.__dict__.setdefault("_names", {})
        if user_id not in names:
            names[user_id] = lookup_fullname(user_id)
        return names[user_id]

    def page_url(self, **starts) -> str:
        """This page with other list starts; an anchor to the list."""
        anchor = starts.pop("anchor")
        form = {
            MESSAGES_START: self.messages_start,
            HISTORY_START: self.history_start,
            **starts,
        }
        query = urlencode({key: value for key, value in form.items() if value})
        url = self.context.absolute_url()
        return f"{url}?{query}#{anchor}" if query else f"{url}#{anchor}"

    @property
    @memoize
    def content_lang(self) -> str:
        """What people write in the log is in the site's language (``lang`` on
        it when the reader chose another language)."""
        return api.portal.get_default_language() or "nb"

    @property
    @memoize
    def content_dir(self) -> str:
        return direction(self.content_lang)

    # Header

    @memoize
    def state(self) -> str:
        return api.content.get_state(self.context)

    def header(self) -> dict:
        log = self.context
        unit = facts.unit(log)
        state = self.state()
        return {
            "initials": log.Title(),
            "full_name": log.full_name or "",
            "national_id": national_id.mask(log.national_id),
            "state": state,
            "state_title": transitions.state_title(state),
            "holders": [self.name(user_id) for user_id in roles.holders(log)],
            "unit": unit.Title() if unit else "",
            "next_meeting": self.next_meeting(),
            "close_reason": term_title(CLOSE_REASONS, log.close_reason)
            if state in ("closed", INDIVIDUAL_PLAN)
            else "",
            "guardians": [self.name(name) for name in log.guardians or ()],
            "initiative_by": log.initiative_by or "",
            "initiative_reason": log.initiative_reason or "",
            "viewer_is_youth": self.viewer_is_youth(),
        }

    def viewer_is_youth(self) -> bool:
        """The reader is the log's young person: words for them, not a parent."""
        user_id = current_user().getId()  # None: Anonymous
        return bool(user_id) and user_id in roles.users_with_role(self.context, p.YOUTH)

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
                found.append({"role": role_title(role), "name": self.name(user_id)})
        return found

    def offer(self) -> dict | None:
        offer = handover.current_offer(self.context)
        if not offer:
            return None
        return {"to": self.name(offer["to"]), "by": self.name(offer["by"])}

    def may_hand_over(self) -> bool:
        return facts.may(p.HAND_OVER, self.context)

    def may_share(self) -> bool:
        return facts.may("Sharing page: Delegate roles", self.context)

    # The family's links: add a family member, withdraw consent, sign.

    def add_family_url(self) -> str | None:
        if not family.may_manage(self.context):
            return None
        return f"{self.context.absolute_url()}/@@add-family"

    @memoize
    def plan(self) -> dict | None:
        """The banner of a log that continues as an individual plan."""
        if self.state() != INDIVIDUAL_PLAN:
            return None
        return {
            "coordinators": ", ".join(
                self.name(user_id) for user_id in plan_rules.coordinators(self.context)
            ),
            "url": f"{self.context.absolute_url()}/@@individual-plan",
        }

    def start_plan_url(self) -> str | None:
        """The holder at level 3 may continue the log as an individual plan."""
        if self.state() != LEVEL3 or not plan_actions.may_start(self.context):
            return None
        return f"{self.context.absolute_url()}/@@individual-plan"

    def withdraw_url(self) -> str | None:
        if self.state() not in WORKING_STATES or not facts.may(
            p.WITHDRAW_CONSENT, self.context
        ):
            return None
        return f"{self.context.absolute_url()}/@@withdraw-consent"

    @property
    @memoize
    def add_evaluation_label(self) -> str:
        if family_rules.is_family_only(self.context, current_user()):
            return translated(_("add_comment", default="Add a comment"))
        return translated(_("add_evaluation", default="Add evaluation"))

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
            "responsible": self.name(activity.responsible),
            "deadline": day_text(activity.deadline),
            "status": term_title(ACTIVITY_STATUSES, activity.status),
            "overdue": deadlines.OVERDUE in flags,
            "due_soon": deadlines.DUE_SOON in flags,
            "evaluations": [
                {
                    "worked": evaluation.worked or "",
                    "did_not_work": evaluation.did_not_work or "",
                    "why": evaluation.why or "",
                    "by": self.name(evaluation.Creator()),
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
                "title": reader_title(meeting),
                "when": time_text(meeting.start),
                "place": meeting.place or "",
                "invited": [self.name(user_id) for user_id in meeting.invited or ()],
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
        """One page of messages, newest first (``messages_page``)."""
        return self.messages_page()["entries"]

    @memoize
    def messages_page(self) -> dict:
        """{"entries", "total", "older_url", "newer_url"}: the messages from
        ``messages_start``, newest first. Only the page's messages are woken."""
        start = self.messages_start
        brains = messages_newest_first(self.context, start + PAGE_SIZE)
        total = brains.actual_result_count
        found = [  # by id: no walk from the root
            self.context._getOb(brain.getId, None)
            for brain in brains[start : start + PAGE_SIZE]
        ]
        found = [item for item in found if item is not None]
        return {
            "entries": [
                {
                    "kind": term_title(MESSAGE_KINDS, item.kind),
                    "text": item.text or "",
                    "by": self.name(item.Creator()),
                    "when": time_text(created_of(item)),
                }
                for item in found
            ],
            "total": total,
            **self._neighbours(total, start, MESSAGES_START, "bti-log-messages"),
        }

    def _neighbours(self, total: int, start: int, name: str, anchor: str) -> dict:
        older = start + PAGE_SIZE
        newer = max(start - PAGE_SIZE, 0)
        return {
            "older_url": self.page_url(**{name: older, "anchor": anchor})
            if older < total
            else None,
            "newer_url": self.page_url(**{name: newer, "anchor": anchor})
            if start > 0
            else None,
        }

    def consents(self) -> list[dict]:
        user_id = current_user().getId()
        found = []
        consent_items = items(self.context, "Consent")
        everyone = [facts.to_domain_consent(item) for item in consent_items]
        for item, consent in zip(consent_items, everyone, strict=True):
            # Not valid, not to be renewed, once the family withdrew the log.
            status = c.status_in_log(consent, everyone, self.today)
            in_use = status != c.NOT_IN_USE
            flags = c.flags(consent, self.today) if in_use else []
            ends = c.expiry(consent) if in_use else None
            found.append({
                "kind": term_title(CONSENT_KINDS, consent.kind),
                "services": [
                    term_title(SERVICE_KINDS, s) for s in sorted(consent.services)
                ],
                "signed": day_text(consent.signed),
                "provenance": provenance_text(item),
                "ends": day_text(ends),
                "status": status,
                "status_text": translated(message(status)),
                "flags": [translated(message(flag)) for flag in flags],
                "problems": [
                    translated(message(code))
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
        """One page of the history, newest first (``history_page``)."""
        return self.history_page()["entries"]

    @memoize
    def history_page(self) -> dict:
        start = self.history_start
        total = len(transitions.history_entries(self.context))
        entries = transitions.history(
            self.context, start=start, size=PAGE_SIZE, name=self.name
        )
        return {
            "entries": [
                {**entry, "when": time_text(entry["time"])} for entry in entries
            ],
            "total": total,
            **self._neighbours(total, start, HISTORY_START, "bti-log-history"),
        }


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
