"""1024 -> 1025: messages get one sort key (indexers.logs.message_order), filled
for the messages already there: the log page sorted every message of the log
on two keys to show one page, so it grew with the log."""

from bti.portal.relaylog import MESSAGE_ORDER as INDEX
from bti.portal.upgrades.batches import fill_index


def upgrade(context):
    fill_index(context, INDEX, "LogMessage")
