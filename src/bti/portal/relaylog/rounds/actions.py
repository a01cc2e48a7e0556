"""Control rounds as the current user: who may, what is due, open, record, close.

Called by @@control-rounds, @@control-round and REST @control-rounds. Refusals
are ``RoundRefused`` (a CodedError: 400, or 403 for the codes in FORBIDDEN);
anonymous users get Unauthorized (401). Each change fires ``RoundChanged``,
which the audit records (bti.portal.audit.rounds).
"""

from bti.portal import _
from bti.portal.domain import permissions as p
from bti.portal.domain import rounds as r
from bti.portal.relaylog.errors import CodedError
from bti.portal.relaylog.rounds import logs as round_logs
from bti.portal.relaylog.rounds import staff
from bti.portal.relaylog.rounds import store
from bti.portal.settings import get_settings
from bti.portal.users import current_user_id
from bti.portal.users import fullname
from datetime import date
from plone import api
from zExceptions import NotFound
from zope.event import notify
from zope.interface import implementer
from zope.interface import Interface


MESSAGES = {
    "round_not_allowed": _(
        "round_not_allowed",
        default="Only the unit's leaders and the coordinators run its control rounds.",
    ),
    "staff_not_allowed": _(
        "staff_not_allowed",
        default="Only the unit's leaders and the coordinators keep its staff list.",
    ),
    "round_unknown_unit": _(
        "round_unknown_unit", default="Choose one of the units you lead."
    ),
    "round_action_unknown": _(
        "round_action_unknown", default="Choose what to do: open, record or close."
    ),
    "round_not_due": _(
        "round_not_due",
        default="Only the round that is due now can be changed; earlier rounds are "
        "kept as they were closed.",
    ),
    "round_closed": _("round_closed", default="This control round is closed."),
    "round_key_invalid": _(
        "round_key_invalid", default="Name the round by its day, as YYYY-MM-DD."
    ),
    "round_not_open": _("round_not_open", default="Open the control round first."),
    "round_unknown_log": _(
        "round_unknown_log", default="Choose one of the unit's active logs."
    ),
    "round_incomplete": _(
        "round_incomplete",
        default="Go through every active log of the unit before closing the round.",
    ),
    "round_checks_invalid": _(
        "round_checks_invalid",
        default="Answer each check (holder present, plan up to date, consents "
        "valid, next meeting set) with yes, no or not answered.",
    ),
    "round_note_invalid": _("round_note_invalid", default="Write the note as text."),
    "round_note_too_long": _(
        "round_note_too_long",
        default="The note is too long: at most ${max} characters.",
        mapping={"max": r.NOTE_MAX},
    ),
    "round_note_national_id": _(
        "round_note_national_id",
        default="The note looks like it holds a national id number. Write no names "
        "or numbers of the child in the note.",
    ),
    "staff_unknown_user": _(
        "staff_unknown_user",
        default="Choose a colleague who has a staff login in the portal.",
    ),
    "staff_not_listed": _(
        "staff_not_listed", default="That person is not on the unit's staff list."
    ),
    "absence_dates_missing": _(
        "absence_dates_missing", default="Give both the first and the last day."
    ),
    "absence_dates_order": _(
        "absence_dates_order", default="The last day comes before the first day."
    ),
    "absence_too_long": _(
        "absence_too_long", default="An absence can be at most one year long."
    ),
    "absence_dates_format": _(
        "absence_dates_format", default="Write the days as YYYY-MM-DD."
    ),
}
FORBIDDEN = frozenset({"round_not_allowed", "staff_not_allowed"})


class RoundRefused(CodedError):
    messages = MESSAGES

    @property
    def status(self) -> int:
        return 403 if self.code in FORBIDDEN else 400


class IRoundChanged(Interface):
    """A change to a unit's control round."""


@implementer(IRoundChanged)
class RoundChanged:
    """A round was opened or closed, or a log checked in it (for the audit)."""

    def __init__(self, unit, action: str, key: str, log_uid: str = ""):
        self.object = unit
        self.action = action
        self.key = key
        self.log_uid = log_uid


def refuse(code: str):
    return RoundRefused(code)


def round_day_texts() -> list[str]:
    try:
        return list(get_settings().control_round_days or ())
    except (KeyError, AttributeError):  # a site before upgrade 1017
        return list(r.DEFAULT_DAYS)


def may_run(unit) -> bool:
    return bool(api.user.has_permission(p.RUN_ROUNDS, obj=unit))


def may_keep_staff(unit) -> bool:
    return bool(api.user.has_permission(p.MANAGE_STAFF, obj=unit))


def check_may_run(unit) -> str:
    user_id = current_user_id()  # anonymous: 401
    if not may_run(unit):
        raise refuse("round_not_allowed")
    return user_id


def check_may_keep_staff(unit) -> str:
    user_id = current_user_id()
    if not may_keep_staff(unit):
        raise refuse("staff_not_allowed")
    return user_id


def led_units() -> list:
    """Units where the current user may run rounds, by title."""
    catalog = api.portal.get_tool("portal_catalog")
    found = []
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Unit", sort_on="sortable_title"
    ):
        unit = brain._unrestrictedGetObject()
        if may_run(unit):
            found.append(unit)
    return found


def unit_by_uid(uid) -> object:
    if not isinstance(uid, str) or not uid:
        raise refuse("round_unknown_unit")
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Unit", UID=uid):
        return brain._unrestrictedGetObject()
    raise refuse("round_unknown_unit")


def due_key(today: date | None = None) -> str:
    return r.round_key(r.due_day(today or date.today(), round_day_texts()))


def is_due(unit, today: date | None = None) -> bool:
    return r.is_due(today or date.today(), store.closed_keys(unit), round_day_texts())


def _current(unit, key: str | None):
    """The due round's key; refuses another key or a closed round."""
    due = due_key()
    if key not in (None, "", due):
        raise refuse("round_not_due")
    item = store.get_round(unit, due)
    if item is not None and item.get("closed_at"):
        raise refuse("round_closed")
    return due, item


def open_round(unit, key: str | None = None):
    user_id = check_may_run(unit)
    due, item = _current(unit, key)
    if item is None:
        item = store.open_round(unit, due, user_id)
        notify(RoundChanged(unit, "open", due))
    return item


def record(unit, log_uid, checks, note, key: str | None = None):
    user_id = check_may_run(unit)
    due, item = _current(unit, key)
    try:
        values = r.check_values(checks)
        text = r.check_note(note)
    except r.RoundError as error:
        raise refuse(error.code) from None
    if not round_logs.is_active_log(unit, log_uid):
        raise refuse("round_unknown_log")
    if item is None:
        item = store.open_round(unit, due, user_id)
        notify(RoundChanged(unit, "open", due))
    line = round_logs.lines_now([log_uid]).get(log_uid, {})
    store.record(item, log_uid, values, text, user_id, line)
    notify(RoundChanged(unit, "check", due, log_uid))
    return item


def close(unit, key: str | None = None):
    user_id = check_may_run(unit)
    due, item = _current(unit, key)
    if item is None:
        raise refuse("round_not_open")
    missing = round_logs.active_uids(unit) - set(item["entries"].keys())
    if missing:
        raise refuse("round_incomplete")
    store.close(item, user_id, round_logs.lines_now(list(item["entries"].keys())))
    notify(RoundChanged(unit, "close", due))
    return item


def round_info(unit, item, with_entries: bool = True) -> dict:
    entries = item["entries"]
    data = {
        "round": item["due"],
        "opened_at": item["opened_at"],
        "opened_by": {"id": item["opened_by"], "fullname": fullname(item["opened_by"])},
        "closed_at": item["closed_at"] or None,
        "closed_by": (
            {"id": item["closed_by"], "fullname": fullname(item["closed_by"])}
            if item["closed_by"]
            else None
        ),
        "checked": len(entries),
        "snapshot": bool(item.get("snapshot")),
    }
    if with_entries:
        data["entries"] = [
            {
                "log": uid,
                "checks": dict(entry["checks"]),
                "note": entry["note"],
                "by": entry["by"],
                "at": entry["at"],
                "state": entry.get("state"),
                "holders": list(entry.get("holders") or ()),
            }
            for uid, entry in entries.items()
        ]
    return data


def past_round(unit, key) -> dict:
    """One round of the unit as kept: its lines as they were checked.
    RoundRefused: a malformed key (400); NotFound: no such round (404)."""
    check_may_run(unit)
    try:
        day = date.fromisoformat(key) if isinstance(key, str) else None
    except ValueError:
        day = None
    if day is None or len(key) != 10:
        raise refuse("round_key_invalid")
    item = store.get_round(unit, key)
    if item is None:
        raise NotFound(key)
    rows, kept = round_logs.kept_logs(item)
    entries = item["entries"]
    return {
        "@id": f"{unit.absolute_url()}/@control-rounds?round={key}",
        "unit": {"uid": unit.UID(), "title": unit.Title()},
        **round_info(unit, item, with_entries=False),
        "logs": [
            {
                "log": row["uid"],
                "initials": row["initials"],
                "state": row["level"] or None,
                "holders": row["holders"],
                "checks": dict(entries[row["uid"]]["checks"]),
                "note": entries[row["uid"]]["note"],
            }
            for row in rows
        ],
        "snapshot": kept,
    }


def unit_summary(unit, today: date | None = None) -> dict:
    """What the leader's lists show of one unit's rounds."""
    today = today or date.today()
    texts = round_day_texts()
    due = r.round_key(r.due_day(today, texts))
    current = store.get_round(unit, due)
    return {
        "@id": f"{unit.absolute_url()}/@control-rounds",
        "unit": {"uid": unit.UID(), "title": unit.Title()},
        "due": due,
        "is_due": due not in store.closed_keys(unit),
        "next": r.next_day(today, texts).isoformat(),
        "current": round_info(unit, current) if current is not None else None,
        "history": [
            round_info(unit, item, with_entries=False) for item in store.history(unit)
        ],
    }


# --- The staff list ------------------------------------------------------------


def _staff_change(change, unit, *args):
    check_may_keep_staff(unit)
    try:
        return change(unit, *args)
    except r.RoundError as error:
        raise refuse(error.code) from None


def add_staff(unit, user_id) -> bool:
    if not isinstance(user_id, str):
        raise refuse("staff_unknown_user")
    return _staff_change(staff.add, unit, user_id)


def remove_staff(unit, user_id) -> bool:
    if not isinstance(user_id, str):
        raise refuse("staff_not_listed")
    return _staff_change(staff.remove, unit, user_id)


def mark_absent(unit, user_id, first, last) -> None:
    """``first``/``last`` as ISO days (or None for both: present again)."""
    check_may_keep_staff(unit)
    if not isinstance(user_id, str):
        raise refuse("staff_not_listed")
    try:
        first_day, last_day = r.parse_day(first), r.parse_day(last)
        if (first_day is None) != (last_day is None):
            raise r.RoundError("absence_dates_missing")
        staff.set_absence(unit, user_id, first_day, last_day)
    except r.RoundError as error:
        raise refuse(error.code) from None


def staff_summary(unit) -> dict:
    return {
        "@id": f"{unit.absolute_url()}/@unit-staff",
        "unit": {"uid": unit.UID(), "title": unit.Title()},
        "staff": staff.listing(unit, date.today()),
    }
