"""1004 -> 1005: conflict-free adds to a log.

Log containers (the log folder, logs, goals, activities) move their order from
plone.folder's shared list to per-item BTree keys (content.ordering); the
catalog's full-text indexes keep an IIBTree per word (textindex).
"""

from bti.portal.content.ids import RandomIdContainer
from bti.portal.content.ordering import migrate
from bti.portal.textindex import make_conflict_free
from plone import api

import logging


logger = logging.getLogger("bti.portal.upgrades")


def upgrade(context):
    catalog = api.portal.get_tool("portal_catalog")
    logs = api.portal.get().get("logs")
    containers = 0
    if logs is not None:
        path = "/".join(logs.getPhysicalPath())
        found = [logs] + [
            brain._unrestrictedGetObject()
            for brain in catalog.unrestrictedSearchResults(
                path=path, portal_type=["RelayLog", "Goal", "Activity"]
            )
        ]
        for container in found:
            if isinstance(container, RandomIdContainer):
                migrate(container)
                containers += 1
    indexes = make_conflict_free(catalog)
    logger.info(
        "insertion order for %d containers, conflict-free text indexes: %s",
        containers,
        ", ".join(indexes),
    )
