"""Set-up shared by the meeting, message notification and meeting REST tests.

An active log (level 1) held by ``holder``, with the participant ``nurse`` and
the guardians ``mor`` and ``far`` (``far`` has no e-mail address); ``outsider``
is staff on no log and ``boss`` the unit's leader (oversight, no View).
"""

from bti.portal.domain import permissions as p
from bti.portal.relaylog import create
from bti.portal.testing import BTI_PORTAL_FIXTURE
from bti.portal.testing import SMTP_SERVER_FIXTURE
from datetime import datetime
from datetime import time
from datetime import timedelta
from plone import api
from plone.app.testing import FunctionalTesting
from plone.testing.zope import WSGI_SERVER_FIXTURE
from tests.family_fixture import active_log
from tests.logs_fixture import add_unit
from tests.logs_fixture import add_user
from tests.logs_fixture import give


# The mail server and the WSGI server together (REST calls that send mail).
MAIL_HTTP_TESTING = FunctionalTesting(
    bases=(BTI_PORTAL_FIXTURE, SMTP_SERVER_FIXTURE, WSGI_SERVER_FIXTURE),
    name="BTIPortal:MailHTTP",
)

AGENDA = "Søvnen til Kari og samarbeidet med barnevernet"
PLACE = "Møterom 2, Solsida barnehage"
STAFF = ("holder", "nurse", "outsider", "boss")
FAMILY = ("mor", "far")


def add_people() -> None:
    for user_id in STAFF:
        add_user(user_id)
    for user_id in FAMILY:
        add_user(user_id, staff=False)
    api.user.get(userid="far").setMemberProperties({"email": ""})


def setup_log(portal):
    """The unit and the active log with its people; returns the log."""
    unit = add_unit(
        portal, "Solsida barnehage", "kindergarten", leaders=["boss"], staff=["holder"]
    )
    log = active_log(portal, unit, "holder", guardians=("mor", "far"))
    give(log, "nurse", p.PARTICIPANT)
    give(log, "mor", p.GUARDIAN)
    give(log, "far", p.GUARDIAN)
    return log


def local_start(days: int, hour: int = 14) -> datetime:
    """A meeting start as the add form stores it: site time, no zone."""
    return datetime.combine(datetime.now().date() + timedelta(days=days), time(hour))


def add_meeting(
    log, days: int = 7, invited=("nurse", "mor", "far"), by="holder", **fields
):
    start = local_start(days)
    data = {
        "start": start,
        "end": start + timedelta(hours=1),
        "place": PLACE,
        "invited": list(invited),
        "agenda": AGENDA,
        **fields,
    }
    with api.env.adopt_user(username=by):
        return create(log, "Meeting", **data)
