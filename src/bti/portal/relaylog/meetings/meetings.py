"""Meetings in a log: e-mailed invitations with a calendar file, minutes, my meetings.

- ``send_invitations`` mails each invited person who still has a role on the log
  one invitation with an ``.ics`` file (METHOD:REQUEST). Mail and calendar file
  say when and where (needed to come) and link to the meeting; never the child's
  initials or name, nor the agenda: those are read after login. Each sending is
  recorded on the meeting (who, when, by whom, how it went); sending again raises
  the calendar SEQUENCE so calendars update the event. The mails are queued with
  the commit (``mail.queue``): a request that is aborted or retried after a
  conflict queues none twice. "sent" therefore means queued for sending; an
  SMTP server that is down gets them when it is back, and a failure is only
  logged, neutrally.
- ``write_minutes`` turns short minutes into a LogMessage of kind ``minutes``
  linked to the meeting (``meeting_uid``).
- ``my_meetings``: the meetings a user is invited to or called, from the catalog
  (``bti_invited``, ``bti_start``), which keeps to meetings the user may View.

Both writes need "bti.portal: Add log content" on the meeting (the holder and
participants of an active log; the holder alone in draft). Refusals raise
MeetingError with a code from MESSAGES.
"""

from bti.portal import _
from bti.portal.dates import aware
from bti.portal.dates import local
from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.relaylog import find_log
from bti.portal.relaylog import mail
from bti.portal.relaylog import MESSAGE_ORDER
from bti.portal.relaylog.errors import CodedError
from bti.portal.relaylog.roles import people_on_log
from bti.portal.users import fullname
from DateTime import DateTime
from datetime import datetime
from datetime import timedelta
from datetime import UTC
from icalendar import Calendar
from icalendar import Event
from icalendar import vCalAddress
from icalendar import vText
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations


KEY = "bti.portal.meeting_invitations"
DEFAULT_LENGTH = timedelta(hours=1)
PAST_DAYS = 30  # my meetings: those that started at most this long ago, and upcoming
MINUTES_MAX = 10_000  # characters: minutes are short

SENT = "sent"  # queued at the commit, mailed by the mail thread
NO_EMAIL = "no_email"
NOT_ON_LOG = "not_on_log"
FAILED = "failed"  # the site has no sender address
OUTCOMES = (SENT, NO_EMAIL, NOT_ON_LOG, FAILED)

FORBIDDEN = ("invitations_not_allowed", "minutes_not_allowed")

MESSAGES = {
    "invitations_not_allowed": _(
        "invitations_not_allowed",
        default="Only the relay holder and the participants can send invitations.",
    ),
    "meeting_nobody_invited": _(
        "meeting_nobody_invited",
        default="Nobody is invited yet. Edit the meeting and choose who to invite.",
    ),
    "meeting_already_held": _(
        "meeting_already_held",
        default="The meeting has already started, so no invitations are sent.",
    ),
    "minutes_not_allowed": _(
        "minutes_not_allowed",
        default="Only the relay holder and the participants can write minutes.",
    ),
    "minutes_text_missing": _("minutes_text_missing", default="Write the minutes."),
    "minutes_too_long": _(
        "minutes_too_long",
        default="The minutes are too long. Keep them short: what was agreed, who does "
        "what, and the next meeting.",
    ),
    "meeting_not_held_yet": _(
        "meeting_not_held_yet",
        default="Minutes can be written when the meeting has started.",
    ),
    "body_not_json": _(
        "body_not_json", default="Send the request body as a JSON object."
    ),
}


class MeetingError(CodedError):
    """``code`` is a key of MESSAGES."""

    messages = MESSAGES

    @property
    def forbidden(self) -> bool:
        return self.code in FORBIDDEN


# --- Time ---------------------------------------------------------------------


def start_of(meeting) -> datetime | None:
    return aware(meeting.start)


def end_of(meeting) -> datetime | None:
    start = start_of(meeting)
    return aware(meeting.end) or (start + DEFAULT_LENGTH if start else None)


def now() -> datetime:
    return datetime.now(UTC)


def has_started(meeting, at: datetime | None = None) -> bool:
    start = start_of(meeting)
    return start is not None and start <= (at or now())


# --- Who may ---------------------------------------------------------------------


def can_organise(meeting) -> bool:
    return api.user.has_permission(p.ADD_LOG_CONTENT, obj=meeting)


def invitation_problems(meeting) -> list[str]:
    """Codes why the current user cannot send the invitations ([]: they can)."""
    if not can_organise(meeting):
        return ["invitations_not_allowed"]
    if not list(meeting.invited or ()):
        return ["meeting_nobody_invited"]
    if has_started(meeting):
        return ["meeting_already_held"]
    return []


def minutes_problems(meeting, text: str) -> list[str]:
    """Codes why the current user cannot write these minutes ([]: they can)."""
    if not can_organise(meeting):
        return ["minutes_not_allowed"]
    if not has_started(meeting):
        return ["meeting_not_held_yet"]
    if not (text or "").strip():
        return ["minutes_text_missing"]
    if len(text) > MINUTES_MAX:
        return ["minutes_too_long"]
    return []


# --- Invitations ------------------------------------------------------------------


def _record(meeting, create_it: bool = False):
    annotations = IAnnotations(meeting)
    record = annotations.get(KEY)
    if record is None and create_it:
        record = annotations[KEY] = PersistentMapping({
            "sequence": 0,
            "sent": PersistentList(),
        })
    return record


def invitations(meeting) -> list[dict]:
    """Every invitation sent for the meeting, oldest first:
    {"user", "at" (ISO, UTC), "by", "outcome"} with an outcome from OUTCOMES."""
    record = _record(meeting)
    return [dict(entry) for entry in record["sent"]] if record else []


def sequence(meeting) -> int:
    """How many times invitations went out before (the calendar SEQUENCE)."""
    record = _record(meeting)
    return record["sequence"] if record else 0


def send_invitations(meeting) -> dict[str, list[str]]:
    """Mail one invitation to each invited person, as the current user, after
    the commit. Returns user ids by outcome (see OUTCOMES). Raises MeetingError."""
    found = invitation_problems(meeting)
    if found:
        raise MeetingError(found[0])
    sender_id = api.user.get_current().getId()
    on_log = people_on_log(meeting)
    record = _record(meeting, create_it=True)
    language = mail.site_language()
    organizer = _organizer(sender_id)
    result = {outcome: [] for outcome in OUTCOMES}
    outbox = []
    for invited in _unique(meeting.invited or ()):
        outcome = _invite(
            meeting, invited, on_log, organizer, record["sequence"], language, outbox
        )
        result[outcome].append(invited)
        record["sent"].append(
            PersistentMapping({
                "user": invited,
                "at": now().isoformat(),
                "by": sender_id,
                "outcome": outcome,
            })
        )
    record["sequence"] += 1
    mail.queue(outbox, "Meeting invitation")
    return result


def _unique(user_ids) -> list[str]:
    return list(dict.fromkeys(user_id for user_id in user_ids if user_id))


def _invite(meeting, user_id, on_log, organizer, seq, language, outbox) -> str:
    """The outcome for one person; their mail, if any, goes into ``outbox``."""
    if user_id not in on_log:
        return NOT_ON_LOG  # removed from the log since: no mail about it
    address = mail.email_of(user_id)
    if not address:
        return NO_EMAIL
    message = invitation_mail(meeting, address, organizer, seq, language)
    if not message["From"]:
        mail.logger.warning("Meeting invitation not sent: no sender address set up")
        return FAILED
    outbox.append(message)
    return SENT


def _organizer(user_id: str) -> dict:
    """Whoever sends the invitations; the site's address when they have none."""
    address = mail.email_of(user_id)
    if address:
        return {"email": address, "name": fullname(user_id)}
    site_address = api.portal.get_registry_record(
        "plone.email_from_address", default=""
    )
    name = api.portal.get_registry_record("plone.email_from_name", default="") or ""
    return {"email": site_address or f"noreply@{mail.site_host()}", "name": name}


def when_text(meeting) -> str:
    """When, in the site's time zone: 05.03.2026 14:00–15:00 (or just the start)."""
    start, end = local(start_of(meeting)), local(meeting.end)
    if start is None:
        return ""
    text = f"{start:%d.%m.%Y %H:%M}"
    if end is not None and end.date() == start.date():
        text += f"–{end:%H:%M}"
    elif end is not None:
        text += f" – {end:%d.%m.%Y %H:%M}"
    return text


def invitation_mail(meeting, address: str, organizer: dict, seq: int, language: str):
    """The invitation to one person: a neutral text and the calendar file."""
    url = meeting.absolute_url()
    subject = mail.translated(
        _("meeting_mail_subject", default="Invitation to a BTI meeting"), language
    )
    body = mail.translated(
        _(
            "meeting_mail_body",
            default="You are invited to a meeting about a Stafettlogg (relay log).\n\n"
            "When: ${when}\nPlace: ${place}\n\n"
            "Log in to see the agenda and who is invited:\n${url}\n\n"
            "The invitation for your calendar is attached.",
            mapping={
                "when": when_text(meeting),
                "place": meeting.place or "",
                "url": url,
            },
        ),
        language,
    )
    message = mail.new_message(address, subject, body + "\n")
    message.add_attachment(
        calendar(meeting, organizer, address, seq, language).to_ical().decode("utf-8"),
        subtype="calendar",
        filename="invitation.ics",
        params={"method": "REQUEST"},
    )
    return message


def calendar(
    meeting, organizer: dict | None, attendee: str | None, seq: int, language: str
):
    """An iCalendar for the meeting: METHOD:REQUEST with one VEVENT in UTC.

    Only the addressee is an ATTENDEE: nobody learns the other invited people's
    addresses from the mail. Without ``attendee`` it is a plain PUBLISH (download).
    """
    cal = Calendar()
    cal.add("prodid", "-//BTI portal//bti.portal//NO")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST" if attendee else "PUBLISH")
    event = Event()
    event.add("uid", f"{meeting.UID()}@{mail.site_host()}")
    event.add("dtstamp", now())
    event.add("sequence", seq)
    event.add("dtstart", start_of(meeting).astimezone(UTC))
    event.add("dtend", end_of(meeting).astimezone(UTC))
    event.add(
        "summary",
        mail.translated(_("meeting_ics_summary", default="BTI meeting"), language),
    )
    event.add("location", meeting.place or "")
    event.add("url", meeting.absolute_url())
    event.add(
        "description",
        mail.translated(
            _(
                "meeting_ics_description",
                default="Log in to see the agenda: ${url}",
                mapping={"url": meeting.absolute_url()},
            ),
            language,
        ),
    )
    if organizer and organizer.get("email"):
        who = vCalAddress(f"mailto:{organizer['email']}")
        if organizer.get("name"):
            who.params["cn"] = vText(organizer["name"])
        event.add("organizer", who)
    if attendee:
        guest = vCalAddress(f"mailto:{attendee}")
        guest.params["role"] = vText("REQ-PARTICIPANT")
        guest.params["partstat"] = vText("NEEDS-ACTION")
        guest.params["rsvp"] = vText("FALSE")
        event.add("attendee", guest)
    cal.add_component(event)
    return cal


# --- Minutes ------------------------------------------------------------------


def write_minutes(meeting, text: str):
    """The minutes as a LogMessage (kind ``minutes``) in the meeting's log, written
    as the current user. Raises MeetingError."""
    found = minutes_problems(meeting, text)
    if found:
        raise MeetingError(found[0])
    return create(
        find_log(meeting),
        "LogMessage",
        kind="minutes",
        text=text.strip(),
        meeting_uid=meeting.UID(),
    )


MINUTES_OF = "bti_minutes_of"  # the index (indexers.logs.minutes_of)


def minutes_of(meeting) -> list:
    """The meeting's minutes (LogMessages in its log), oldest first: a catalog
    query, so a log's other messages stay asleep. Whoever may see the meeting
    sees its minutes, as they are in the same log."""
    log = find_log(meeting)
    if log is None:
        return []
    brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults({
        MINUTES_OF: meeting.UID(),
        "portal_type": "LogMessage",
        "path": {"query": "/".join(log.getPhysicalPath()), "depth": 1},
        "sort_on": MESSAGE_ORDER,
    })
    return [log._getOb(brain.getId) for brain in brains]  # its own items


# --- My meetings ------------------------------------------------------------------


def my_meetings(at: datetime | None = None) -> list:
    """Brains of the meetings the current user is invited to or called, that
    started at most PAST_DAYS ago or are upcoming, earliest first.

    The catalog search is the current user's: only meetings they may View."""
    user_id = api.user.get_current().getId()
    since = (at or now()) - timedelta(days=PAST_DAYS)
    catalog = api.portal.get_tool("portal_catalog")
    if "bti_invited" not in catalog.indexes():
        return []  # not upgraded yet: an unknown index would be ignored, not empty
    return list(
        catalog(
            portal_type="Meeting",
            bti_invited=user_id,
            bti_start={"query": DateTime(since.isoformat()), "range": "min"},
            sort_on="bti_start",
        )
    )
