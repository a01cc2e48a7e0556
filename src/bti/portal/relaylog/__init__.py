"""The Stafettlogg's Plone layer: facts for the domain rules, roles, handover."""

from Acquisition import aq_chain
from Acquisition import aq_inner
from bti.portal.content.ids import random_id
from bti.portal.content.relay_log import IRelayLog
from bti.portal.memo import tool
from plone import api


def find_log(obj):
    """The RelayLog that is ``obj`` or contains it, else None."""
    for item in aq_chain(aq_inner(obj)):
        if IRelayLog.providedBy(item):
            return item
    return None


def create(container, type_name: str, **fields):
    """plone.api.content.create with a random id (people in logs may not rename)."""
    return api.content.create(
        container=container, type=type_name, id=random_id(), safe_id=False, **fields
    )


def of_type(container, type_name: str) -> list:
    """The items of one type directly in ``container``, in the order they were
    added, found through the catalog: the log's other items (say hundreds of
    messages) are not woken to learn their type. Unrestricted, like reading
    ``objectValues``: who may see the container sees its items. The items are
    taken from ``container`` by id, not traversed to from the root (a brain's
    getObject walks the whole path: about 4 ms an item on the log page).
    """
    brains = tool("portal_catalog").unrestrictedSearchResults(
        path={"query": "/".join(container.getPhysicalPath()), "depth": 1},
        portal_type=type_name,
    )
    if not brains:
        return []
    position = {item_id: index for index, item_id in enumerate(container.objectIds())}
    brains = sorted(brains, key=lambda brain: position.get(brain.getId, len(position)))
    items = (container._getOb(brain.getId, None) for brain in brains)
    return [item for item in items if item is not None]
