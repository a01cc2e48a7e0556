"""@@my-work ("Mitt arbeid"): a staff member's work, from bti.portal.work."""

from bti.portal.dates import day_text
from bti.portal.dates import time_text
from bti.portal.interfaces import IProductPage
from bti.portal.work import my_work
from plone import api
from Products.Five.browser import BrowserView
from zope.interface import implementer


@implementer(IProductPage)
class MyWorkView(BrowserView):
    def __call__(self):
        work = my_work()
        self.logs = work["logs"]
        self.offers = work["offers"]
        self.activities = [
            {**row, "deadline_text": day_text(row["deadline"])}
            for row in work["activities"]
        ]
        self.meetings = [
            {**row, "when": time_text(row["start"])} for row in work["meetings"]
        ]
        self.concerns = [
            {**row, "deadline_text": day_text(row["deadline"])}
            for row in work["concerns"]
        ]
        return self.index()

    def portal_url(self) -> str:
        return api.portal.get().absolute_url()

    def logs_url(self) -> str:
        return f"{self.portal_url()}/logs"

    def search_url(self) -> str:
        return f"{self.portal_url()}/@@guide-search"
