"""Catalog helpers: brains in folder order, metadata values without Missing,
keys for what is worked out from the catalog and kept in RAM."""

from Acquisition import aq_inner
from Missing import MV
from plone import api
from plone.app.portlets.cache import get_language
from plone.memoize import ram
from Products.CMFCore.indexing import processQueue

import time
import uuid


LIFETIME = 300  # seconds a kept answer lives at most


def _token(db) -> str:
    """Names one database object for its life (an ``id`` may be reused by the
    next one, as test layers make and drop databases)."""
    token = getattr(db, "_bti_cache_token", None)
    if token is None:
        token = db._bti_cache_token = uuid.uuid4().hex
    return token


def state_key(context, request, *extra) -> tuple:
    """A RAM cache key for what is worked out from the catalog at ``context``:
    the database, the page's URL (host and virtual hosting), path, language,
    the catalog's counter (any change to content makes a new key), a
    five-minute bucket and ``extra`` (who asks, where it matters). Raises
    ram.DontCache while the request has uncommitted changes (they may be
    aborted, and the counter with them)."""
    context = aq_inner(context)
    processQueue()  # the counter of what this request has changed, too
    connection = context._p_jar
    if connection is None or connection._registered_objects:
        raise ram.DontCache
    if connection._savepoint_storage is not None:  # changes in a savepoint
        raise ram.DontCache
    return (
        _token(connection.db()),
        context.absolute_url(),
        "/".join(context.getPhysicalPath()),
        str(get_language(context, request)),
        api.portal.get_tool("portal_catalog").getCounter(),
        time.time() // LIFETIME,
        *extra,
    )


def path_of(container) -> str:
    """The physical path of an object, or the path itself when given one."""
    if isinstance(container, str):
        return container
    return "/".join(container.getPhysicalPath())


def inside(folder) -> dict:
    """A path query for the objects directly in ``folder``. Logs and concerns
    sit directly in a log folder (LogFolder.xml), so this finds them all: the
    parent's set of the path index, not every item under the folder."""
    return {"query": path_of(folder), "depth": 1}


def children(container, portal_type: str) -> list:
    """Brains of one type directly inside ``container``, in folder order."""
    return api.portal.get_tool("portal_catalog")(
        path=inside(container),
        portal_type=portal_type,
        sort_on="getObjPositionInParent",
    )


def meta(brain, name: str, default=None):
    """A metadata value of a brain; ``default`` where the column is empty."""
    value = getattr(brain, name, default)
    return default if value is MV or value is None else value
