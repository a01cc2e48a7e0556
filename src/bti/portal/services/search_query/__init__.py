"""@search on a BTI site: the dashboard's kept lists are a catalog index that
answers no query (relaylog/dashboard/totals.py); naming it in a search is a
400 with a clear message, not a failed adapter lookup (500)."""

from bti.portal.relaylog.dashboard.totals import DashboardLists
from plone.restapi.interfaces import IIndexQueryParser
from zExceptions import BadRequest
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


@implementer(IIndexQueryParser)
@adapter(DashboardLists, Interface, Interface)
class NoQuery:
    def __init__(self, index, context, request):
        self.index = index

    def parse(self, idx_query):
        raise BadRequest(f"{self.index.getId()} is not a search index.")
