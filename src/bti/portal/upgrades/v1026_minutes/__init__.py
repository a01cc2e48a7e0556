"""1025 -> 1026: minutes are found by their meeting (indexers.logs.minutes_of),
filled for the minutes already there: a meeting page woke every message of
its log to find its minutes."""

from bti.portal.relaylog.meetings.meetings import MINUTES_OF as INDEX
from bti.portal.upgrades.batches import fill_index


def upgrade(context):
    fill_index(context, INDEX, "LogMessage", lambda message: message.kind == "minutes")
