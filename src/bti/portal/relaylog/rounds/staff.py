"""The unit's staff list and staff absences, kept by the unit's leaders.

The staff list is the unit's own field ``staff`` (user ids), the one the unit's
edit form shows; leaders change it here, one person at a time, and only with
people who have a login with the Staff role. Absences (sick leave, leave) are
kept in an annotation of the unit: user id -> list of (first, last) days.
"""

from bti.portal.domain import permissions as p
from bti.portal.domain import rounds as r
from bti.portal.users import fullname
from BTrees.OOBTree import OOBTree
from datetime import date
from plone import api
from zope.annotation.interfaces import IAnnotations


KEY = "bti.portal.staff_absences"


def staff_ids(unit) -> list[str]:
    return list(getattr(unit, "staff", None) or ())


def is_staff_user(user_id: str) -> bool:
    """A login of the portal's staff: holds the Staff role (through bti-staff)."""
    if not user_id or not isinstance(user_id, str):
        return False
    user = api.user.get(userid=user_id)
    if user is None:
        return False
    return p.STAFF in (api.user.get_roles(user=user) or ())


def _changed(unit) -> None:
    unit.reindexObject(idxs=["bti_people"])


def add(unit, user_id: str) -> bool:
    """Add ``user_id`` to the list; False when already there. RoundError if no staff."""
    if not is_staff_user(user_id):
        raise r.RoundError("staff_unknown_user")
    current = staff_ids(unit)
    if user_id in current:
        return False
    unit.staff = [*current, user_id]
    _changed(unit)
    return True


def remove(unit, user_id: str) -> bool:
    current = staff_ids(unit)
    if user_id not in current:
        raise r.RoundError("staff_not_listed")
    unit.staff = [user for user in current if user != user_id]
    absences = _absences(unit)
    if absences is not None and user_id in absences:
        del absences[user_id]
    _changed(unit)
    return True


def _absences(unit, create: bool = False):
    annotations = IAnnotations(unit)
    data = annotations.get(KEY)
    if data is None and create:
        data = annotations[KEY] = OOBTree()
    return data


def absences(unit) -> dict[str, list[tuple[date, date]]]:
    data = _absences(unit)
    if data is None:
        return {}
    return {user: list(periods) for user, periods in data.items()}


def set_absence(unit, user_id: str, first: date | None, last: date | None) -> None:
    """Mark ``user_id`` absent from ``first`` to ``last``; both None: present again."""
    if user_id not in staff_ids(unit):
        raise r.RoundError("staff_not_listed")
    data = _absences(unit, create=True)
    if first is None and last is None:
        if user_id in data:
            del data[user_id]
        return
    first, last = r.check_absence(first, last)
    # One period per person: the newest replaces the one before.
    data[user_id] = ((first, last),)


def listing(unit, day: date) -> list[dict]:
    """The staff list with names and absences, by name."""
    away = absences(unit)
    rows = []
    for user_id in staff_ids(unit):
        periods = away.get(user_id, [])
        rows.append({
            "id": user_id,
            "fullname": fullname(user_id),
            "absent": r.absent_on(periods, day),
            "absence": (
                {"from": periods[-1][0].isoformat(), "to": periods[-1][1].isoformat()}
                if periods
                else None
            ),
        })
    return sorted(rows, key=lambda row: row["fullname"].lower())


def staff_logins() -> set[str]:
    """Users holding the global Staff role, themselves or through a group."""
    acl = api.portal.get_tool("acl_users")
    found = set()
    for principal_id, _title in acl.portal_role_manager.listAssignedPrincipals(p.STAFF):
        group = api.group.get(groupname=principal_id)
        if group is None:
            found.add(principal_id)
        else:
            found.update(user.getId() for user in group.getGroupMembers())
    return found


def candidates(unit) -> list[dict]:
    """Staff logins not on the list yet, by name."""
    listed = set(staff_ids(unit))
    found = [
        {"id": user_id, "fullname": fullname(user_id)}
        for user_id in staff_logins() - listed
        if api.user.get(userid=user_id) is not None
    ]
    return sorted(found, key=lambda row: row["fullname"].lower())
