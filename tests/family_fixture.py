"""Set-up shared by the family, consent signing and withdrawal tests."""

from bti.portal.relaylog import create
from datetime import date
from plone import api
from tests.logs_fixture import add_log
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user

import contextlib
import logging


def password_of(user_id: str) -> str:
    """tests.logs_fixture.add_user's password (local logins need demo mode)."""
    return "secret-" + user_id


def add_consent(log, holder: str, kind: str = "create", **fields):
    with api.env.adopt_user(username=holder):
        return create(log, "Consent", kind=kind, **fields)


def active_log(portal, unit, holder: str, guardians=("Mor", "Far"), **fields):
    """A log in level1: create consent signed on paper by ``guardians``, started."""
    log = add_log(portal, unit, holder, guardians=list(guardians), **fields)
    add_consent(log, holder, signed=date.today(), signed_by=list(guardians))
    with api.env.adopt_user(username=holder):
        api.content.transition(obj=log, transition="start")
    return log


def unit_with_holder(portal, holder: str = "holder"):
    add_user(holder)
    return add_unit(portal, "Solsida skole", "school", staff=[holder])


@contextlib.contextmanager
def captured_log_lines():
    """Every log record of the process (test and WSGI server threads) as text."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(level=logging.DEBUG)
    handler.emit = records.append
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    lines: list[str] = []
    try:
        yield lines
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        for record in records:
            lines.append(record.getMessage())
            if record.exc_text:
                lines.append(record.exc_text)
