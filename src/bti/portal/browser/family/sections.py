"""The main menu's sections, kept until the catalog changes.

Plone's global sections ask the catalog for every item down to the
navigation depth under the site. The path index answers that query with the
sets of every object at those levels, the logs of the log folder and their
items included (none of them is a displayed type), so each page's menu took
longer as logs were added: 8 ms a page at 25,000 logs. The tree is the same
for the same committed catalog state (the serial of its change counter: a
transaction that changed the catalog makes its own), language, user (the
catalog's permission filter), main tabs and settings; it is kept in Plone's
RAM cache under those.
"""

from plone import api
from plone.memoize import ram


def catalog_state(catalog) -> bytes:
    """The serial of the catalog's change counter: the last committed change
    (DontCache while this transaction changed the catalog, or before any)."""
    catalog.getCounter()  # the indexing queue processed, the counter loaded
    counter = catalog._counter
    if counter is None or counter._p_changed or counter._p_oid is None:
        raise ram.DontCache
    return counter._p_serial


def _key(_function, viewlet, make) -> tuple:
    catalog = api.portal.get_tool("portal_catalog")
    user = api.user.get_current()
    settings = viewlet.settings
    return (
        "/".join(catalog.getPhysicalPath()),
        catalog_state(catalog),
        viewlet.current_language,
        tuple(sorted(catalog._listAllowedRolesAndUsers(user))),
        repr(viewlet.portal_tabs),
        settings.navigation_depth,
        tuple(settings.displayed_types or ()),
        # Excluded items show on their own path only.
        "/".join(viewlet.context.getPhysicalPath())
        if settings.show_excluded_items
        else "",
    )


@ram.cache(_key)
def site_sections(viewlet, make):
    """``make()`` (Plone's navtree) for this catalog state and reader."""
    return make()
