"""Catalog index of the family linked to a log: keyed pid hashes only.

``bti_family_pids`` lets a login find the logs that wait for its person
(bti.portal.relaylog.family.members). It is an index, never a metadata column, and holds
HMAC values, never a national id number.
"""

from bti.portal.content.relay_log import IRelayLog
from bti.portal.relaylog.family.members import pid_hashes
from plone.indexer import indexer


@indexer(IRelayLog)
def family_pids(obj):
    return pid_hashes(obj)
