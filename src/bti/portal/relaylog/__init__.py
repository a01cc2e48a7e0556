"""The Stafettlogg's Plone layer: facts for the domain rules, roles, handover."""

from Acquisition import aq_chain
from Acquisition import aq_inner
from bti.portal.content.ids import random_id
from bti.portal.content.relay_log import IRelayLog
from bti.portal.memo import tool
from collections import defaultdict
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
    return in_order(container, [brain.getId for brain in brains])


MESSAGE_ORDER = "bti_message_order"  # the index (indexers.logs.message_order)


def messages_newest_first(log, limit: int):
    """Catalog records of the log's messages, the newest first, sorted and cut
    to ``limit`` by the catalog on one key; ``actual_result_count`` is all of
    them. Unrestricted, like ``of_type``."""
    return tool("portal_catalog").unrestrictedSearchResults(
        path={"query": "/".join(log.getPhysicalPath()), "depth": 1},
        portal_type="LogMessage",
        sort_on=MESSAGE_ORDER,
        sort_order="descending",
        sort_limit=limit,
    )


def ids_below(root, type_names) -> dict[tuple[str, str], list[str]]:
    """The ids of the items of ``type_names`` anywhere below ``root``, by the
    path of the container they are in and their type: ``of_type`` for many
    containers and types (a log's goals, their activities, their
    evaluations) in one catalog search."""
    found = defaultdict(list)
    for brain in tool("portal_catalog").unrestrictedSearchResults(
        path="/".join(root.getPhysicalPath()), portal_type=list(type_names)
    ):
        container_path, _, item_id = brain.getPath().rpartition("/")
        found[(container_path, brain.portal_type)].append(item_id)
    return found


def in_order(container, ids) -> list:
    """The items ``ids`` of ``container`` that are there, in the order they
    were added."""
    if not ids:
        return []
    position = {item_id: index for index, item_id in enumerate(container.objectIds())}
    ids = sorted(ids, key=lambda item_id: position.get(item_id, len(position)))
    items = (container._getOb(item_id, None) for item_id in ids)
    return [item for item in items if item is not None]
