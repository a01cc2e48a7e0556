"""Catalog helpers: brains in folder order, metadata values without Missing."""

from Missing import MV
from plone import api


def path_of(container) -> str:
    """The physical path of an object, or the path itself when given one."""
    if isinstance(container, str):
        return container
    return "/".join(container.getPhysicalPath())


def children(container, portal_type: str) -> list:
    """Brains of one type directly inside ``container``, in folder order."""
    return api.portal.get_tool("portal_catalog")(
        path={"query": path_of(container), "depth": 1},
        portal_type=portal_type,
        sort_on="getObjPositionInParent",
    )


def meta(brain, name: str, default=None):
    """A metadata value of a brain; ``default`` where the column is empty."""
    value = getattr(brain, name, default)
    return default if value is MV or value is None else value
