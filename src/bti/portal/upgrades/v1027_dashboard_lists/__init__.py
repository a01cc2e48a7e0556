"""1026 -> 1027: the dashboard's lists kept as a catalog index
(relaylog/dashboard/totals.py), filled for the logs and concerns already
there: a coordinator's dashboard worked them out from every log per request."""

from bti.portal.relaylog.dashboard.totals import add_index
from bti.portal.relaylog.dashboard.totals import INDEX
from bti.portal.upgrades.batches import fill_index
from plone import api


def upgrade(context):
    add_index(api.portal.get_tool("portal_catalog"))
    for portal_type in ("RelayLog", "Concern"):
        fill_index(context, INDEX, portal_type)
