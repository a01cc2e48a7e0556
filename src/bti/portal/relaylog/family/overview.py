""" "My logs" for a family: the logs where the person is guardian or young person.

Read by the page @@my-logs and by GET @my-logs. For each log: initials, the
level in plain words, the relay holder, the next meeting, the date of the
newest message, the consents waiting for the person's signature, and what they
may do from here (write a message, see who has read the log, withdraw consent).

Logs the family may read come from the catalog, which filters by permission.
A log still in draft shares nothing yet, but may hold a consent for the family
to sign (bti.portal.relaylog.consent.signing.may_read): those few are found
unrestricted, kept only when the person has a family role on them, and show
initials and the consents to sign, nothing else.
"""

from bti.portal import _
from bti.portal.domain import levels
from bti.portal.domain import permissions as p
from bti.portal.relaylog import find_log
from bti.portal.relaylog import messages_newest_first
from bti.portal.relaylog import of_type
from bti.portal.relaylog.consent import signing
from bti.portal.relaylog.facts import consent_items
from bti.portal.relaylog.roles import holders
from bti.portal.relaylog.roles import people_role_key
from bti.portal.users import fullname
from bti.portal.vocabularies.logs import CONSENT_KINDS
from datetime import datetime
from plone import api


FAMILY_ROLES = frozenset({p.GUARDIAN, p.YOUTH})

# Each state in plain words for families: short, no abbreviations.
PLAIN_STATES = {
    levels.DRAFT: _(
        "family_state_draft",
        default="Being prepared. Nothing is shared before you have given consent.",
    ),
    levels.LEVEL1: _(
        "family_state_level1",
        default="Level 1: one service helps, together with you.",
    ),
    levels.LEVEL2: _(
        "family_state_level2",
        default="Level 2: two services work together with you.",
    ),
    levels.LEVEL3: _(
        "family_state_level3",
        default="Level 3: several services work together with you.",
    ),
    levels.PASSIVE: _(
        "family_state_passive",
        default="Paused: the consent is withdrawn. Nobody writes in the log.",
    ),
    levels.CLOSED: _(
        "family_state_closed",
        default="Closed. You can still read it.",
    ),
}


# What needs the family first: a consent to sign, then the logs in work.
ORDER = (
    levels.DRAFT,
    levels.LEVEL3,
    levels.LEVEL2,
    levels.LEVEL1,
    levels.PASSIVE,
    levels.CLOSED,
)


def plain_state(state: str) -> str:
    text = PLAIN_STATES.get(state)
    return api.portal.translate(text) if text else state


def family_roles(log, user) -> list[str]:
    held = set(user.getRolesInContext(log))
    return [role for role in (p.GUARDIAN, p.YOUTH) if role in held]


def _items(log, type_name: str) -> list:
    return of_type(log, type_name)


def _naive(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=None) if value.tzinfo else value


def next_meeting(log, now: datetime | None = None) -> dict | None:
    now = now or datetime.now()
    upcoming = sorted(
        (m for m in _items(log, "Meeting") if m.start and _naive(m.start) >= now),
        key=lambda m: _naive(m.start),
    )
    if not upcoming:
        return None
    meeting = upcoming[0]
    return {
        "start": meeting.start,
        "place": meeting.place or "",
        "url": meeting.absolute_url(),
    }


def newest_message(log) -> datetime | None:
    """When the newest message was written: the first by the log page's sort
    key, its date from the catalog's record (no message woken: this woke
    every message of each log on the family's overview)."""
    brains = messages_newest_first(log, 1)
    created = brains[0].created if len(brains) else None
    return created.asdatetime() if created else None


def waits_for(consent, user_id: str) -> bool:
    """The consent waits for this person's signature: they may sign it and
    have not signed it yet, electronically or on paper."""
    if user_id in (getattr(consent, "signed_by", None) or []):
        return False
    log = find_log(consent)
    if getattr(consent, "youth_signed", False) and p.YOUTH in (
        log.get_local_roles_for_userid(user_id) if log is not None else ()
    ):
        return False
    return signing.sign_problem(consent, user_id) is None


def consents_to_sign(log, user_id: str) -> list[dict]:
    found = []
    for consent in consent_items(log):
        if waits_for(consent, user_id):
            kind = consent.kind
            title = CONSENT_KINDS.getTerm(kind).title if kind in CONSENT_KINDS else kind
            found.append({
                "kind": kind,
                "title": api.portal.translate(title),
                "url": f"{consent.absolute_url()}/@@sign-consent",
            })
    return found


def _may(permission: str, log) -> bool:
    return bool(api.user.has_permission(permission, obj=log))


def _add_message_url(log) -> str | None:
    if not (_may(p.ADD_MESSAGE, log) and _may(p.ADD, log)):
        return None
    return f"{log.absolute_url()}/++add++LogMessage"


def entry(log, user) -> dict:
    """One log the person may read."""
    state = api.content.get_state(log)
    url = log.absolute_url()
    may_withdraw = state in levels.WORKING_STATES and _may(p.WITHDRAW_CONSENT, log)
    return {
        "@id": url,
        "uid": log.UID(),
        "initials": log.Title(),
        "review_state": state,
        "state_text": plain_state(state),
        "my_roles": family_roles(log, user),
        "holders": [
            {"id": user_id, "fullname": fullname(user_id)} for user_id in holders(log)
        ],
        "next_meeting": next_meeting(log),
        "newest_message": newest_message(log),
        "to_sign": consents_to_sign(log, user.getId()),
        "readable": True,
        "add_message_url": _add_message_url(log),
        "audit_url": f"{url}/@@log-audit",
        "withdraw_url": f"{url}/@@withdraw-consent" if may_withdraw else None,
    }


def draft_entry(log, user) -> dict:
    """A log being prepared: initials and the consents to sign only."""
    return {
        "@id": None,
        "uid": log.UID(),
        "initials": log.Title(),
        "review_state": levels.DRAFT,
        "state_text": plain_state(levels.DRAFT),
        "my_roles": family_roles(log, user),
        "holders": [],
        "next_meeting": None,
        "newest_message": None,
        "to_sign": consents_to_sign(log, user.getId()),
        "readable": False,
        "add_message_url": None,
        "audit_url": None,
        "withdraw_url": None,
    }


def my_family_logs(user=None) -> list[dict]:
    """The current (or given) user's logs as guardian or young person."""
    if user is None:
        if api.user.is_anonymous():
            return []
        user = api.user.get_current()
    catalog = api.portal.get_tool("portal_catalog")
    found = []
    for brain in catalog.searchResults(portal_type="RelayLog"):
        log = brain.getObject()
        if family_roles(log, user):
            found.append(entry(log, user))
    # Drafts the family may not open yet (a card "waiting for consent"):
    # those naming the user as guardian or young person in bti_people_roles,
    # not every draft of the site.
    keys = [people_role_key(role, user.getId()) for role in (p.GUARDIAN, p.YOUTH)]
    for brain in catalog.unrestrictedSearchResults(
        portal_type="RelayLog", review_state=levels.DRAFT, bti_people_roles=keys
    ):
        log = brain._unrestrictedGetObject()
        if family_roles(log, user) and not api.user.has_permission("View", obj=log):
            found.append(draft_entry(log, user))
    return sorted(found, key=lambda e: (ORDER.index(e["review_state"]), e["initials"]))
