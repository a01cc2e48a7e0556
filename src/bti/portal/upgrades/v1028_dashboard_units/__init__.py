"""1027 -> 1028: the kept dashboard lists gain ``by_state`` (logs per state
over the whole site), filed from the catalog's index values: a coordinator's
counts no longer add up a key per state and unit."""

from bti.portal.relaylog.dashboard.totals import add_lists
from plone import api


def upgrade(context):
    add_lists(api.portal.get_tool("portal_catalog"))
