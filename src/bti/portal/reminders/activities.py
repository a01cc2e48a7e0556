"""My activities: the activities where a person is responsible, by deadline.

From catalog metadata only (title, deadline, status, URL): never the log's
initials or anything else about the child. The catalog query is restricted,
so a person sees only activities in logs they may still view.
"""

from bti.portal.catalog import meta
from bti.portal.domain import deadlines
from bti.portal.vocabularies.logs import ACTIVITY_STATUSES
from datetime import date
from plone import api


DONE_STATUSES = ("done", "stopped")


def status_title(status: str):
    return (
        ACTIVITY_STATUSES.getTerm(status).title
        if status in ACTIVITY_STATUSES
        else status
    )


def row(brain, day: date) -> dict:
    deadline = meta(brain, "bti_deadline")
    status = meta(brain, "bti_activity_status", "planned")
    done = status in DONE_STATUSES
    flags = deadlines.flags(deadline, day, done=done) if deadline else []
    return {
        "url": brain.getURL(),
        "uid": brain.UID,
        "title": brain.Title,
        "deadline": deadline,
        "status": status,
        "done": done,
        "overdue": deadlines.OVERDUE in flags,
        "due_soon": deadlines.DUE_SOON in flags,
    }


def my_activities(user_id: str, day: date | None = None) -> list[dict]:
    """``user_id``'s activities: open ones by deadline (none last), then done ones."""
    day = day or date.today()
    brains = api.portal.get_tool("portal_catalog")(
        portal_type="Activity", bti_responsible=user_id
    )
    rows = [row(brain, day) for brain in brains]
    return sorted(
        rows,
        key=lambda r: (r["done"], r["deadline"] is None, r["deadline"] or date.max),
    )
