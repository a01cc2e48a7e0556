"""The family on a log, linked by national id before they have an account.

The holder adds a guardian or the young person by their national id number.
Only the keyed hash of the number is kept (bti.portal.oidc.settings.pid_hash,
the same hash the OIDC login keeps): in a list on the log (annotation) and in
the catalog index ``bti_family_pids`` (an index, never a metadata column).
The number itself is never stored, shown, returned or logged.

A person who has logged in before (``userids_for_pid``) gets the local role at
once; anyone else gets it at their next OIDC login (``link_on_login``, a
subscriber on the user-logged-in event, which the plugin fires after it has
linked the login's pid).
"""

from bti.portal import _
from bti.portal.domain import national_id
from bti.portal.domain import permissions as p
from bti.portal.oidc.plugin import PLUGIN_ID
from bti.portal.oidc.settings import pid_hash
from bti.portal.relaylog import facts
from bti.portal.relaylog import roles
from bti.portal.relaylog.errors import CodedError
from bti.portal.relaylog.facts import child_age
from bti.portal.settings import get_settings
from bti.portal.validators import NATIONAL_ID_MESSAGES
from datetime import date
from datetime import datetime
from datetime import UTC
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations


KEY = "bti.portal.family"
INDEX = "bti_family_pids"
FAMILY_ROLES = (p.GUARDIAN, p.YOUTH)

MESSAGES = {
    "family_role_unknown": _(
        "family_role_unknown",
        default="Choose whether the person is a guardian or the young person.",
    ),
    "family_youth_under_consent_age": _(
        "family_youth_under_consent_age",
        default="The young person can be added only from the consent age "
        "of this municipality.",
    ),
    "family_youth_not_the_child": _(
        "family_youth_not_the_child",
        default="The young person's number must be the child's national identity "
        "number in the log.",
    ),
    "family_guardian_is_the_child": _(
        "family_guardian_is_the_child",
        default="This is the child's own number. "
        "Add the child as the young person instead.",
    ),
    "family_already_added": _(
        "family_already_added",
        default="This person is already added to the log with this role.",
    ),
    **{f"national_id_{reason}": text for reason, text in NATIONAL_ID_MESSAGES.items()},
}


class FamilyError(CodedError):
    """``code`` is a key of MESSAGES; the message never carries the number."""

    messages = MESSAGES


def _plugin():
    return api.portal.get_tool("acl_users").get(PLUGIN_ID)


def hash_pid(value: str) -> str:
    return pid_hash(value)


def pid_hash_of_user(user_id: str) -> str | None:
    """The keyed pid hash the user's OIDC login left, or None (no OIDC login)."""
    plugin = _plugin()
    return plugin.pid_hash_of(user_id) if plugin is not None else None


def _store(log) -> PersistentList:
    annotations = IAnnotations(log)
    if KEY not in annotations:
        annotations[KEY] = PersistentList()
    return annotations[KEY]


def entries(log) -> list[dict]:
    """The family entries: pid_hash, role, name, added_by, added_at, user_ids."""
    return [dict(entry) for entry in IAnnotations(log).get(KEY, ())]


def pid_hashes(log) -> tuple[str, ...]:
    """What the catalog index keeps: the hashes only."""
    return tuple(
        sorted({entry["pid_hash"] for entry in IAnnotations(log).get(KEY, ())})
    )


def public_entry(entry: dict) -> dict:
    """An entry as shown to the holder (UI and REST): no hash, no number."""
    return {
        "role": entry["role"],
        "name": entry.get("name", ""),
        "added_at": entry.get("added_at", ""),
        "linked": bool(entry.get("user_ids")),
    }


def may_manage(log) -> bool:
    """The holder's sharing rights on the log (or a Manager's)."""
    return facts.may(p.DELEGATE_ROLES, log) or facts.may(p.CHANGE_ROLES, log)


def _parse(value: str):
    try:
        return national_id.parse(value, today=date.today())
    except national_id.InvalidNationalId as error:
        raise FamilyError(f"national_id_{error.reason}") from None


def _child_number(log) -> str:
    try:
        return national_id.parse(getattr(log, "national_id", "") or "").value
    except national_id.InvalidNationalId:
        return ""


def add_member(
    log, value: str | None, role: str, added_by: str, name: str = ""
) -> dict:
    """Add a guardian or the young person by national id; returns the stored entry.

    For the young person the number may be left out: it is then the child's.
    ``name``: how the guardian is written in the log's list of guardians, if at
    all; their user id replaces it there when they sign a consent.
    """
    if role not in FAMILY_ROLES:
        raise FamilyError("family_role_unknown")
    child = _child_number(log)
    if role == p.YOUTH and not (value or "").strip():
        value = child
    number = _parse(value or "").value
    if role == p.YOUTH:
        if number != child:
            raise FamilyError("family_youth_not_the_child")
        if child_age(log) < get_settings().consent_age:
            raise FamilyError("family_youth_under_consent_age")
    elif number == child:
        raise FamilyError("family_guardian_is_the_child")
    hashed = hash_pid(number)
    store = _store(log)
    if any(e["pid_hash"] == hashed and e["role"] == role for e in store):
        raise FamilyError("family_already_added")
    entry = PersistentMapping(
        pid_hash=hashed,
        role=role,
        name=(name or "").strip(),
        added_by=added_by,
        added_at=datetime.now(UTC).isoformat(timespec="seconds"),
        user_ids=PersistentList(),
    )
    store.append(entry)
    log.reindexObject(idxs=[INDEX])
    plugin = _plugin()
    if plugin is not None:
        for user_id in plugin.userids_for_pid_hash(hashed):
            _grant(log, entry, user_id)
    return dict(entry)


def _grant(log, entry, user_id: str) -> None:
    roles.set_role(log, user_id, entry["role"])  # reindexes security when changed
    if user_id not in entry["user_ids"]:
        entry["user_ids"].append(user_id)


def link_user(user_id: str, hashed: str) -> list:
    """Grant every pending role for this pid hash to the user; returns the logs."""
    catalog = api.portal.get_tool("portal_catalog")
    linked = []
    for brain in catalog.unrestrictedSearchResults(
        portal_type="RelayLog", **{INDEX: hashed}
    ):
        log = brain._unrestrictedGetObject()
        for entry in IAnnotations(log).get(KEY, ()):
            if entry["pid_hash"] == hashed:
                _grant(log, entry, user_id)
                linked.append(log)
    return linked


def link_on_login(event) -> None:
    """Subscriber (IUserLoggedInEvent): an OIDC login meets its pending roles."""
    user = getattr(event, "object", None)
    user_id = user.getId() if user is not None else None
    hashed = pid_hash_of_user(user_id) if user_id else None
    if hashed:
        link_user(user_id, hashed)


def entry_of_user(log, user_id: str, role: str) -> dict | None:
    """The family entry of ``role`` that this user's pid matches, if any."""
    hashed = pid_hash_of_user(user_id)
    if not hashed:
        return None
    for entry in IAnnotations(log).get(KEY, ()):
        if entry["pid_hash"] == hashed and entry["role"] == role:
            return dict(entry)
    return None


def family_role(log, user_id: str) -> str | None:
    """Guardian or Youth when the user holds that local role on the log."""
    local = set(log.get_local_roles_for_userid(user_id))
    for role in FAMILY_ROLES:
        if role in local:
            return role
    return None
