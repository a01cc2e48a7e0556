"""What an anonymous reader is shown of a page, kept in Plone's RAM cache.

An anonymous reader's view of public content depends only on the page (its
URL, so the host and any virtual hosting), the language, the catalog and
whatever the caller adds; any change to content moves the catalog's counter
and so makes a new key, and a key lives five minutes at most. Nothing is kept
while the request has uncommitted changes (they may be aborted, and the
counter with them). Logged-in people never read from it.
"""

from Acquisition import aq_inner
from plone import api
from plone.app.portlets.cache import get_language
from plone.memoize import ram
from Products.CMFCore.indexing import processQueue

import time


LIFETIME = 300  # seconds


def page_key(context, request, *extra) -> tuple:
    """The key of what an anonymous reader sees of ``context`` (raises
    ram.DontCache where nothing may be kept)."""
    context = aq_inner(context)
    processQueue()  # the counter of what this request has changed, too
    connection = context._p_jar
    if connection is None or connection._registered_objects:
        raise ram.DontCache
    return (
        id(connection.db()),
        context.absolute_url(),
        "/".join(context.getPhysicalPath()),
        str(get_language(context, request)),
        api.portal.get_tool("portal_catalog").getCounter(),
        time.time() // LIFETIME,
        *extra,
    )
