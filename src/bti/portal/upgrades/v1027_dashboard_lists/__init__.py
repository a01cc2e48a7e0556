"""1026 -> 1027: the dashboard's lists kept as a catalog index
(relaylog/dashboard/totals.py), filed for the logs and concerns already there
from the catalog's own index values (no object is woken): a coordinator's
dashboard worked them out from every log per request."""

from bti.portal.relaylog.dashboard.totals import add_index
from plone import api


def upgrade(context):
    add_index(api.portal.get_tool("portal_catalog"))
