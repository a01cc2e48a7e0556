"""What an anonymous reader is shown of a page, kept in Plone's RAM cache.

An anonymous reader's view of public content depends only on the page (its
URL, so the host and any virtual hosting), the language, the catalog and
whatever the caller adds; any change to content moves the catalog's counter
and so makes a new key, and a key lives five minutes at most. Nothing is kept
while the request has uncommitted changes (they may be aborted, and the
counter with them). Logged-in people never read from it.
"""

from bti.portal.catalog import state_key


def page_key(context, request, *extra) -> tuple:
    """The key of what an anonymous reader sees of ``context`` (raises
    ram.DontCache where nothing may be kept)."""
    return state_key(context, request, *extra)
