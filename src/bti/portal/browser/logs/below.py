"""Nothing below the log's page. Plone's two managers there hold the
document actions, "Manage portlets", next/previous, related items, keywords,
rights and contributors: on a log each draws nothing (a log has none of
them, and portlets are off inside a log: browser/nocms/columns.py), yet
updating them and checking their permissions cost about 5 ms a page."""

from plone.app.viewletmanager.manager import OrderedViewletManager


class NothingBelow(OrderedViewletManager):
    def filter(self, viewlets):
        return []
