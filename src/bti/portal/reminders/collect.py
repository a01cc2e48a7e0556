"""What each person should be reminded of on a given day, from the catalog.

Every reminder is an ``Item``: its kind, its date and a link (random ids only).
Brains come from unrestricted catalog queries on ids, dates and states; only
the few consents that may run out and the logs whose handover offer ran out
are woken. Logs that are not active (draft, passive, closed) give no reminders,
except that any open handover offer runs out after a month.

- activities due within REMINDER_DAYS or overdue (not done or stopped): the
  person responsible;
- meetings within REMINDER_DAYS: the log's holders, to prepare the evaluation;
- consents expiring within EXPIRING_DAYS, or expired, with no newer consent of
  the same kind: the log's holders;
- open concerns within REMINDER_DAYS of their level-0 deadline, or past it
  (a "keep watching" decision keeps a concern open): who noted it and the
  unit's leaders;
- control rounds due (bti.portal.relaylog.rounds.due): the unit's leaders, on
  the round day and every week after until the round is closed;
- handover offers unanswered after INVITATION_MONTHS: withdrawn by
  ``expire_offers``, and the person who offered is told.
"""

from bti.portal.catalog import meta
from bti.portal.dates import local
from bti.portal.dates import site_zone
from bti.portal.domain import consent as c
from bti.portal.domain import deadlines
from bti.portal.domain.levels import WORKING_STATES
from bti.portal.relaylog.facts import to_domain_consent
from bti.portal.relaylog.handover import rules as handover
from bti.portal.relaylog.rounds import due as rounds_due
from bti.portal.reminders import preferences as prefs
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from plone import api


REMINDER_DAYS = 3  # activities, meetings and concerns: this many days ahead
OPEN_ACTIVITY_STATUSES = ("planned", "started")

ACTIVITY_DUE = "activity_due"
ACTIVITY_OVERDUE = "activity_overdue"
MEETING = "meeting"
CONSENT_EXPIRING = "consent_expiring"
CONSENT_EXPIRED = "consent_expired"
CONCERN_DUE = "concern_due"
CONCERN_OVERDUE = "concern_overdue"
OFFER_EXPIRED = "offer_expired"
ROUND_DUE = "control_round_due"
# In the order a digest lists them, with the preference that switches them off.
ITEM_KINDS = {
    ACTIVITY_OVERDUE: prefs.ACTIVITIES,
    ACTIVITY_DUE: prefs.ACTIVITIES,
    MEETING: prefs.MEETINGS,
    CONSENT_EXPIRED: prefs.CONSENTS,
    CONSENT_EXPIRING: prefs.CONSENTS,
    CONCERN_OVERDUE: prefs.CONCERNS,
    CONCERN_DUE: prefs.CONCERNS,
    OFFER_EXPIRED: prefs.OFFERS,
    ROUND_DUE: prefs.ROUNDS,
}


@dataclass(frozen=True)
class Item:
    kind: str
    when: date | datetime  # the deadline, meeting start, expiry or offer day
    url: str

    def sort_key(self) -> tuple:
        when = (
            self.when
            if isinstance(self.when, datetime)
            else datetime.combine(self.when, time())
        )
        return (list(ITEM_KINDS).index(self.kind), when, self.url)


def _catalog():
    return api.portal.get_tool("portal_catalog")


def active_logs() -> dict[str, object]:
    """Brains of the active logs (level 1, 2, 3) by path."""
    brains = _catalog().unrestrictedSearchResults(
        portal_type="RelayLog", review_state=list(WORKING_STATES)
    )
    return {brain.getPath(): brain for brain in brains}


def log_of(brain, logs: dict):
    """The brain (from ``logs``) of the log that holds ``brain``, else None."""
    parts = brain.getPath().split("/")
    for end in range(len(parts) - 1, 0, -1):
        found = logs.get("/".join(parts[:end]))
        if found is not None:
            return found
    return None


def holders(log_brain) -> tuple[str, ...]:
    return tuple(meta(log_brain, "bti_holder", ()) or ())


def activities(day: date, logs: dict) -> Iterator[tuple[str, Item]]:
    brains = _catalog().unrestrictedSearchResults(
        portal_type="Activity",
        bti_deadline={"query": day + timedelta(days=REMINDER_DAYS), "range": "max"},
        bti_activity_status=OPEN_ACTIVITY_STATUSES,
    )
    for brain in brains:
        deadline = meta(brain, "bti_deadline")
        responsible = meta(brain, "bti_responsible")
        if deadline is None or not responsible or log_of(brain, logs) is None:
            continue
        overdue = deadlines.is_overdue(deadline, day)
        if overdue or deadlines.is_due_soon(deadline, day, within_days=REMINDER_DAYS):
            kind = ACTIVITY_OVERDUE if overdue else ACTIVITY_DUE
            yield responsible, Item(kind, deadline, brain.getURL())


def meetings(day: date, logs: dict) -> Iterator[tuple[str, Item]]:
    """Meetings from ``day`` to REMINDER_DAYS later (days in the site's time zone)."""
    zone = site_zone()
    first = datetime.combine(day, time.min, tzinfo=zone)
    last = datetime.combine(day + timedelta(days=REMINDER_DAYS), time.max, tzinfo=zone)
    for brain in _catalog().unrestrictedSearchResults(
        portal_type="Meeting", bti_start={"query": (first, last), "range": "min:max"}
    ):
        log = log_of(brain, logs)
        start = meta(brain, "bti_start")
        if log is None or start is None:
            continue
        for user_id in holders(log):
            yield user_id, Item(MEETING, local(start), brain.getURL())


def renewed(consent: c.Consent, others: list[c.Consent], day: date) -> bool:
    """Another consent of the same kind is (or will be) valid after ``consent`` ends."""
    end = c.expiry(consent)
    for other in others:
        if other == consent or other.kind != consent.kind:
            continue
        if c.status(other, day) not in (c.VALID, c.NOT_YET_VALID):
            continue
        other_end = c.expiry(other)
        if other_end is None or end is None or other_end > end:
            return True
    return False


def consents(day: date, logs: dict) -> Iterator[tuple[str, Item]]:
    catalog = _catalog()
    candidates = defaultdict(list)
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Consent",
        bti_consent_expiry={
            "query": day + timedelta(days=c.EXPIRING_DAYS),
            "range": "max",
        },
    ):
        log = log_of(brain, logs)
        if log is not None:
            candidates[log.getPath()].append(brain)
    for log_path, brains in candidates.items():
        everyone = [
            to_domain_consent(b._unrestrictedGetObject())
            for b in catalog.unrestrictedSearchResults(
                portal_type="Consent", path={"query": log_path, "depth": 1}
            )
        ]
        for brain in brains:
            consent = to_domain_consent(brain._unrestrictedGetObject())
            if c.is_expired(consent, day):
                kind = CONSENT_EXPIRED
            elif c.expires_within(consent, day):
                kind = CONSENT_EXPIRING
            else:
                continue
            if renewed(consent, everyone, day):
                continue
            for user_id in holders(logs[log_path]):
                yield user_id, Item(kind, c.expiry(consent), brain.getURL())


def unit_leaders(unit_uid: str, cache: dict) -> tuple[str, ...]:
    if unit_uid not in cache:
        brains = _catalog().unrestrictedSearchResults(portal_type="Unit", UID=unit_uid)
        unit = brains[0]._unrestrictedGetObject() if brains else None
        cache[unit_uid] = tuple(getattr(unit, "leaders", None) or ())
    return cache[unit_uid]


def concerns(day: date) -> Iterator[tuple[str, Item]]:
    leaders_cache: dict = {}
    for brain in _catalog().unrestrictedSearchResults(
        portal_type="Concern",
        review_state="open",
        bti_deadline={"query": day + timedelta(days=REMINDER_DAYS), "range": "max"},
    ):
        deadline = meta(brain, "bti_deadline")
        if deadline is None:
            continue
        overdue = deadlines.is_overdue(deadline, day)
        if not (
            overdue or deadlines.is_due_soon(deadline, day, within_days=REMINDER_DAYS)
        ):
            continue
        item = Item(
            CONCERN_OVERDUE if overdue else CONCERN_DUE, deadline, brain.getURL()
        )
        people = {meta(brain, "Creator", "")}
        people.update(unit_leaders(meta(brain, "bti_unit", ""), leaders_cache))
        for user_id in sorted(filter(None, people)):
            yield user_id, item


def control_rounds(day: date) -> Iterator[tuple[str, Item]]:
    for user_id, due, url in rounds_due.reminders(day):
        yield user_id, Item(ROUND_DUE, due, url)


def expire_offers(day: date) -> list[tuple[str, Item]]:
    """Withdraw handover offers unanswered after a month; who offered, and a notice."""
    catalog = _catalog()
    offered_to = [value for value in catalog.uniqueValuesFor("bti_offer_to") if value]
    if not offered_to:
        return []
    notices = []
    for brain in catalog.unrestrictedSearchResults(
        portal_type="RelayLog", bti_offer_to=offered_to
    ):
        sent = meta(brain, "bti_offer_sent")
        if sent is None or not deadlines.invitation_expired(sent, day):
            continue
        log = brain._unrestrictedGetObject()
        offer = handover.current_offer(log)
        if not offer:
            continue
        sent = date.fromisoformat(offer["at"][:10])
        if not deadlines.invitation_expired(sent, day):
            continue
        handover.withdraw(log)
        if offer.get("by"):
            notices.append((offer["by"], Item(OFFER_EXPIRED, sent, brain.getURL())))
    return notices


def collect(day: date) -> dict[str, list[Item]]:
    """Reminder items per user id, each list in digest order, without repeats."""
    logs = active_logs()
    found: dict[str, set[Item]] = defaultdict(set)
    for source in (
        activities(day, logs),
        meetings(day, logs),
        consents(day, logs),
        concerns(day),
        control_rounds(day),
    ):
        for user_id, item in source:
            found[user_id].add(item)
    return {
        user_id: sorted(items, key=Item.sort_key) for user_id, items in found.items()
    }
