"""Shared set-up for Stafettlogg tests: units, staff, a log with roles."""

from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.setuphandlers import STAFF_GROUP
from plone import api
from plone.dexterity.utils import createContentInContainer


CHILD_NAME = "Kari Nordmann Testbarn"


def valid_nid(birth: str = "010315", individual: str = "512") -> str:
    """Individual numbers 500-999 with years 00-39 mean born in the 2000s."""
    from bti.portal.domain.national_id import check_digits

    for candidate in range(int(individual), 1000):
        first = f"{birth}{candidate:03d}"
        digits = check_digits(first)
        if digits:
            return first + digits
    raise ValueError("no valid number")


def add_user(user_id: str, fullname: str = "", staff: bool = True):
    user = api.user.create(
        email=f"{user_id}@example.org",
        username=user_id,
        password="secret-" + user_id,
        properties={"fullname": fullname or user_id.title()},
    )
    if staff:
        api.group.add_user(groupname=STAFF_GROUP, username=user_id)
    return user


def add_unit(portal, title: str, service: str, leaders=(), staff=()):
    return createContentInContainer(
        portal["logs"],
        "Unit",
        title=title,
        service=service,
        leaders=list(leaders),
        staff=list(staff),
    )


def add_log(portal, unit, holder: str, **fields):
    """A log created as ``holder`` (who becomes RelayHolder)."""
    data = {
        "title": "K.N.",
        "full_name": CHILD_NAME,
        "national_id": valid_nid(),
        "unit": unit.UID(),
        "guardians": ["mor", "far"],
    }
    data.update(fields)
    with api.env.adopt_user(username=holder):
        log = create(portal["logs"], "RelayLog", **data)
    return log


def give(obj, user_id: str, role: str) -> None:
    obj.manage_setLocalRoles(user_id, [role])
    obj.reindexObjectSecurity()


ROLES = p
