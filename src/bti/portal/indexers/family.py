"""Catalog index of the family linked to a log: keyed pid hashes only.

``bti_family_pids`` lets a login find the logs that wait for its person
(bti.portal.relaylog.family.members). It is an index, never a metadata column, and holds
HMAC values, never a national id number.
"""

from plone.indexer import indexer

from bti.portal.content.relay_log import IRelayLog


@indexer(IRelayLog)
def family_pids(obj):
    from bti.portal.relaylog.family.members import pid_hashes  # noqa: PLC0415

    return pid_hashes(obj)
