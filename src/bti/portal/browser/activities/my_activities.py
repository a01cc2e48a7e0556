"""@@my-activities: the activities I am responsible for, by deadline, with flags."""

from bti.portal.dates import day_text
from bti.portal.reminders.activities import my_activities
from bti.portal.reminders.activities import status_title
from plone import api
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized


class MyActivitiesView(BrowserView):
    def __call__(self):
        if api.user.is_anonymous():  # at the site root: log in first
            raise Unauthorized("Log in to see your activities.")
        return self.index()

    def rows(self) -> list[dict]:
        return [
            {
                **row,
                "deadline_text": day_text(row["deadline"]),
                "status_title": status_title(row["status"]),
            }
            for row in my_activities(api.user.get_current().getId())
        ]
