"""GET /<site>/@my-work: what the work page "Mitt arbeid" shows, for staff.

{"@id", "logs": [{"@id", "UID", "initials", "review_state", "role"}],
 "offers": [{"@id", "UID", "initials", "unit", "accept"}],
 "activities": [{"@id", "UID", "title", "deadline", "status", "overdue",
                 "due_soon", "log": {"@id", "initials"} | null}],
 "meetings": [{"@id", "UID", "title", "start", "log"}],
 "concerns": [{"@id", "UID", "initials", "deadline", "overdue"}],
 "links": {"logs", "guide_search"}}

Overdue activities come first. Anonymous: 401; a login without the permission
"bti.portal: View work page" (families: it is Staff's): 403.
"""

from bti.portal.users import VIEW_WORK_PAGE
from bti.portal.work import my_work
from plone import api
from plone.restapi.services import Service
from zExceptions import Unauthorized


def _log(row: dict) -> dict | None:
    log = row["log"]
    return {"@id": log["url"], "initials": log["initials"]} if log else None


def _day(value) -> str | None:
    return value.isoformat() if value is not None else None


class MyWorkGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            raise Unauthorized("Log in to see your work.")
        if not api.user.has_permission(VIEW_WORK_PAGE, obj=self.context):
            self.request.response.setStatus(403)
            return {
                "type": "Forbidden",
                "message": "The work page is for staff.",
            }
        work = my_work()
        portal_url = self.context.absolute_url()
        return {
            "@id": f"{portal_url}/@my-work",
            "logs": [
                {
                    "@id": row["url"],
                    "UID": row["uid"],
                    "initials": row["initials"],
                    "review_state": row["review_state"],
                    "role": row["role"],
                }
                for row in work["logs"]
            ],
            "offers": [
                {
                    "@id": row["url"],
                    "UID": row["uid"],
                    "initials": row["initials"],
                    "unit": row["unit_title"],
                    "accept": row["accept_url"],
                }
                for row in work["offers"]
            ],
            "activities": [
                {
                    "@id": row["url"],
                    "UID": row["uid"],
                    "title": row["title"],
                    "deadline": _day(row["deadline"]),
                    "status": row["status"],
                    "overdue": row["overdue"],
                    "due_soon": row["due_soon"],
                    "log": _log(row),
                }
                for row in work["activities"]
            ],
            "meetings": [
                {
                    "@id": row["url"],
                    "UID": row["uid"],
                    "title": row["title"],
                    "start": _day(row["start"]),
                    "log": _log(row),
                }
                for row in work["meetings"]
            ],
            "concerns": [
                {
                    "@id": row["url"],
                    "UID": row["uid"],
                    "initials": row["initials"],
                    "deadline": _day(row["deadline"]),
                    "overdue": row["overdue"],
                }
                for row in work["concerns"]
            ],
            "links": {
                "logs": f"{portal_url}/logs",
                "guide_search": f"{portal_url}/@@guide-search",
            },
        }
