"""Add N generated logs to a demo site (``make demo-data LOGS=N [SITE=byn]``).

Run inside Zope (scripts/demo_data.py). Every log, consent, goal, activity,
message and concern is made by ``bti.portal.distributions.demo_logs``, the
loader of the demo data: the product's create, roles, workflow and guards
(tests/test_demo_data.py compares a generated log with one made by hand).
Message notifications are paused, as for any import. Logs are numbered after those
already generated, so runs add up. Commits every ``batch`` logs and
prints progress and rate every 1,000.
"""

from AccessControl.SecurityManagement import newSecurityManager
from bti.portal.distributions import generated_logs as g
from bti.portal.distributions.demo_logs import add_concern
from bti.portal.distributions.demo_logs import add_log
from bti.portal.distributions.demo_logs import add_unit
from bti.portal.relaylog import facts
from bti.portal.relaylog import roles
from bti.portal.relaylog.workflow import notifications
from bti.portal.setuphandlers import LOG_FOLDER_ID
from contextlib import contextmanager
from datetime import date
from plone import api
from Testing.makerequest import makerequest
from zope.component.hooks import setSite
from zope.globalrequest import setRequest

import os
import sys
import time
import transaction


PASSWORD = "bti-demo"  # noqa: S105 - the demo logins' password
COUNTER = "_bti_generated_logs"  # on the log folder: how many were generated


def ensure_unit(folder, units: dict, index: int):
    """Generated unit ``index`` with its staff and leader logins (made once)."""
    spec = g.unit_spec(index)
    if spec["key"] in units:
        return units[spec["key"]]
    for user_id in [*spec["leaders"], *spec["staff"]]:
        ensure_user(user_id, staff=True)
    found = [
        brain.getObject()
        for brain in api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
            portal_type="Unit", Title=spec["title"]
        )
        if brain.Title == spec["title"]
    ]
    units[spec["key"]] = found[0] if found else add_unit(folder, spec)
    return units[spec["key"]]


def ensure_user(user_id: str, staff: bool = False) -> None:
    if api.user.get(username=user_id) is not None:
        return
    api.user.create(
        email=f"{user_id}@generated.example.org",
        username=user_id,
        password=PASSWORD,
        properties={"fullname": user_id},
    )
    if staff:
        api.group.add_user(groupname="bti-staff", username=user_id)


@contextmanager
def units_known(units: dict):
    """roles.unit_of and roles.service_of_user answered from the generated
    units instead of a catalog search: the same answers (a generated login is
    on one unit), without flushing the indexing queue at every step, so each
    object is indexed once or twice per log instead of once per change."""
    original_unit_of, original_service = roles.unit_of, roles.service_of_user
    by_uid, by_user = {}, {}

    def refresh():
        for unit in units.values():
            by_uid[unit.UID()] = unit
            for user_id in getattr(unit, "staff", None) or ():
                if user_id.startswith("g"):
                    by_user[user_id] = unit.service

    def unit_of(obj):
        uid = getattr(obj, "unit", None)
        if uid not in by_uid:
            refresh()
        return by_uid[uid] if uid in by_uid else original_unit_of(obj)

    def service_of_user(user_id: str) -> str:
        if user_id not in by_user:
            refresh()
        return by_user.get(user_id) or original_service(user_id)

    roles.unit_of, roles.service_of_user = unit_of, service_of_user
    try:
        yield
    finally:
        roles.unit_of, roles.service_of_user = original_unit_of, original_service


@contextmanager
def consents_from_log():
    """The workflow guards' consent lookup answered from the log's own items
    (a new log holds a handful) instead of the catalog: the same consents in
    the same order, but the indexing queue is no longer flushed at every
    transition, so each object is indexed once, at the commit, after its last
    change (and CMFEditions' savepoints stop writing catalog buckets)."""
    original = facts.consent_items

    def consent_items(log) -> list:
        return [item for item in log.objectValues() if item.portal_type == "Consent"]

    facts.consent_items = consent_items
    try:
        yield
    finally:
        facts.consent_items = original


def add_generated(
    site, count: int, batch: int = 100, out=sys.stdout, commit=transaction.commit
) -> int:
    """Add ``count`` generated logs (and a concern for every third) to ``site``."""
    folder = site[LOG_FOLDER_ID]
    start = getattr(folder, COUNTER, 0)
    units, today = {}, date.today()
    started = time.monotonic()
    with notifications.paused(), units_known(units), consents_from_log():
        for done, number in enumerate(range(start, start + count), 1):
            spec = g.log_spec(number)
            index = number // g.LOGS_PER_UNIT
            for unit_index in {index, *g.other_units(index, 2)}:
                ensure_unit(folder, units, unit_index)
            for guardian in spec["guardians"]:
                if guardian.startswith("gf"):
                    ensure_user(guardian)
            add_log(folder, units, spec, today)
            if number % 3 == 0:
                add_concern(folder, units, g.concern_spec(number), today, {})
            if done % batch == 0 or done == count:
                setattr(folder, COUNTER, number + 1)
                commit()
                site._p_jar.cacheGC()
            if done % 1000 == 0 or done == count:
                seconds = time.monotonic() - started
                print(
                    f"  {done:>7} logs  {seconds:7.0f} s  {done / seconds:6.1f} logs/s",
                    file=out,
                    flush=True,
                )
    return start + count


def main(app, argv: list[str]) -> None:
    """argv: LOGS (how many to add) and SITE; with LOGS_TOTAL in the environment,
    as many as the site lacks to have that many generated logs."""
    count = int(argv[0]) if argv else 1000
    site_id = argv[1] if len(argv) > 1 else os.environ.get("SITE", "byn")
    app = makerequest(app)
    setRequest(app.REQUEST)
    admin = app.acl_users.getUserById(os.environ.get("BTI_ADMIN_USER", "admin"))
    newSecurityManager(None, admin.__of__(app.acl_users))
    site = app[site_id]
    setSite(site)
    if os.environ.get("LOGS_TOTAL"):
        have = getattr(site[LOG_FOLDER_ID], COUNTER, 0)
        count = max(0, int(os.environ["LOGS_TOTAL"]) - have)
        if not count:
            print(f"/{site_id} has {have} generated logs already.", flush=True)
            return
    print(f"Adding {count} generated logs to /{site_id}:", flush=True)
    started = time.monotonic()
    total = add_generated(site, count)
    seconds = time.monotonic() - started
    print(
        f"Done: {count} logs in {seconds:.0f} s ({count / seconds:.1f} logs/s);"
        f" {total} generated logs on /{site_id}.",
        flush=True,
    )
