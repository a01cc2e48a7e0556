"""The staff work page ("Mitt arbeid"): one person's work, from the catalog only.

Five lists, each from catalog queries and metadata (no object is woken per row):

- my logs: logs where I (or one of my groups) hold a local role that lets me
  read the log (``allowedRolesAndUsers``), the relay holder from ``bti_holder``;
- offered to me: open handover offers (bti.portal.relaylog.overview.lists);
- my activities: open activities I am responsible for, overdue first, each with
  its log (bti.portal.reminders.activities);
- my meetings: upcoming meetings I am invited to or called, with the log
  (bti.portal.relaylog.meetings.meetings);
- my concerns: open concerns I may see within NEAR_DAYS of their level-0
  deadline or past it.

Only logs the person may read give the initials shown next to an item.
"""

from bti.portal.catalog import meta
from bti.portal.dates import local
from bti.portal.domain import deadlines
from bti.portal.domain import permissions as p
from bti.portal.relaylog.meetings import meetings
from bti.portal.relaylog.overview import lists
from bti.portal.relaylog.people import role_title
from bti.portal.relaylog.workflow.transitions import state_title
from bti.portal.reminders.activities import my_activities
from datetime import date
from datetime import timedelta
from plone import api


NEAR_DAYS = 7  # concerns: listed from this many days before their deadline


def _catalog():
    return api.portal.get_tool("portal_catalog")


def readable_logs() -> dict:
    """URL -> brain of every log the current user may read (one query)."""
    return {
        brain.getURL(): brain
        for brain in _catalog().searchResults(portal_type="RelayLog")
    }


def log_link(url: str, logs: dict) -> dict | None:
    """The log that holds ``url`` (from ``logs``): URL and initials, else None."""
    parts = url.split("/")
    for end in range(len(parts) - 1, 0, -1):
        brain = logs.get("/".join(parts[:end]))
        if brain is not None:
            return {"url": brain.getURL(), "initials": brain.Title}
    return None


def principals(user) -> list[str]:
    """The ``allowedRolesAndUsers`` tokens of the user's own local roles."""
    ids = [user.getId(), *(user.getGroups() or ())]
    return [f"user:{principal}" for principal in ids if principal]


def my_logs(user) -> list[dict]:
    """Logs where the user holds a local role giving read access: holder first."""
    found = []
    for brain in _catalog().unrestrictedSearchResults(
        portal_type="RelayLog",
        allowedRolesAndUsers=principals(user),
        sort_on="sortable_title",
    ):
        holder = user.getId() in (meta(brain, "bti_holder", ()) or ())
        state = meta(brain, "review_state", "")
        role = p.RELAY_HOLDER if holder else p.PARTICIPANT
        found.append({
            "url": brain.getURL(),
            "uid": brain.UID,
            "initials": brain.Title,
            "review_state": state,
            "state_title": state_title(state) if state else "",
            "role": role,
            "role_title": role_title(role),
        })
    return sorted(found, key=lambda row: row["role"] != p.RELAY_HOLDER)


def offers(user) -> list[dict]:
    portal = api.portal.get()
    return [
        {
            "url": offer["@id"],
            "uid": offer["uid"],
            "initials": offer["initials"],
            "unit_title": offer["unit"]["title"],
            "accept_url": offer["accept_url"],
        }
        for offer in lists.offered_to_me(portal, user)
    ]


def activities(user, logs: dict, day: date | None = None) -> list[dict]:
    """Open activities the user is responsible for: overdue first, by deadline."""
    rows = [
        {**row, "log": log_link(row["url"], logs)}
        for row in my_activities(user.getId(), day)
        if not row["done"]
    ]
    return sorted(rows, key=lambda row: not row["overdue"])  # stable: by deadline


def upcoming_meetings(logs: dict) -> list[dict]:
    """Meetings from now on that the current user is invited to or called."""
    start_now = meetings.now()
    found = []
    for brain in meetings.my_meetings():
        start = meta(brain, "bti_start")
        if start is None or start < start_now:
            continue
        found.append({
            "url": brain.getURL(),
            "uid": brain.UID,
            "title": brain.Title,
            "start": start,
            "local_start": local(start),
            "log": log_link(brain.getURL(), logs),
        })
    return found


def near_concerns(day: date | None = None) -> list[dict]:
    """Open concerns the user may see, near (NEAR_DAYS) or past their deadline."""
    day = day or date.today()
    found = []
    for brain in _catalog().searchResults(
        portal_type="Concern",
        review_state="open",
        bti_deadline={"query": day + timedelta(days=NEAR_DAYS), "range": "max"},
        sort_on="bti_deadline",
    ):
        deadline = meta(brain, "bti_deadline")
        if deadline is None:
            continue
        found.append({
            "url": brain.getURL(),
            "uid": brain.UID,
            "initials": brain.Title,
            "deadline": deadline,
            "overdue": deadlines.is_overdue(deadline, day),
        })
    return found


def my_work(day: date | None = None) -> dict:
    """The five lists for the current (logged-in) user."""
    user = api.user.get_current()
    logs = readable_logs()
    return {
        "logs": my_logs(user),
        "offers": offers(user),
        "activities": activities(user, logs, day),
        "meetings": upcoming_meetings(logs),
        "concerns": near_concerns(day),
    }
