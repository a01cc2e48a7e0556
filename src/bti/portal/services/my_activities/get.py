"""GET <log folder>/@my-activities: the activities the current user is responsible for.

Each item: "@id" (URL of random ids), "UID", "title", "deadline" (ISO date or
null), "status", "overdue", "due_soon"; the nearest deadline first.
"""

from bti.portal.reminders.activities import my_activities
from plone import api
from plone.restapi.services import Service


class MyActivitiesGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            self.request.response.setStatus(401)
            return {"type": "Unauthorized", "message": "Log in to see your activities."}
        rows = my_activities(api.user.get_current().getId())
        return {
            "@id": f"{self.context.absolute_url()}/@my-activities",
            "items_total": len(rows),
            "items": [
                {
                    "@id": row["url"],
                    "UID": row["uid"],
                    "title": row["title"],
                    "deadline": row["deadline"].isoformat()
                    if row["deadline"]
                    else None,
                    "status": row["status"],
                    "overdue": row["overdue"],
                    "due_soon": row["due_soon"],
                }
                for row in rows
            ],
        }
