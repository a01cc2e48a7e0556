"""The main menu, kept until the catalog changes.

Plone's global sections ask the catalog twice a page: for the top-level
tabs and for every item down to the navigation depth under the site. Both
queries are answered from index sets of the whole site (the path index's
levels, ``exclude_from_nav``, an anonymous reader's effective range), the
logs of the log folder and their items included although none of them is a
displayed type, so each page took longer as logs were added (8 ms a page at
25,000 logs). Their answers are the same for the same committed catalog
state (the serial of its change counter: a transaction that changed the
catalog makes its own), language, reader (the catalog's permission filter),
actions and settings, and are kept in Plone's RAM cache under those, for 5
minutes at most (a publishing date passes without a catalog change). Plone's
renderer fills the kept entries' ``sub`` and ``opener`` in place, from the
kept tree itself: the same for every reader of the key.
"""

from plone import api
from plone.memoize import ram
from time import time as now
from zope.component import getMultiAdapter


KEPT_SECONDS = 300  # a kept menu is asked again after 5 minutes at most
# The navigation settings the answers are made with.
SETTINGS = (
    "generate_tabs",
    "nonfolderish_tabs",
    "navigation_depth",
    "displayed_types",
    "sort_tabs_on",
    "sort_tabs_reversed",
    "filter_on_workflow",
    "workflow_states_to_show",
    "show_excluded_items",
)


def catalog_state(catalog) -> bytes:
    """The serial of the catalog's change counter: the last committed change
    (DontCache while this transaction changed the catalog, or before any)."""
    catalog.getCounter()  # the indexing queue processed, the counter loaded
    counter = catalog._counter
    if counter is None or counter._p_changed or counter._p_oid is None:
        raise ram.DontCache
    return counter._p_serial


def _reader(viewlet) -> tuple:
    """What both answers depend on, but the catalog's own content."""
    catalog = api.portal.get_tool("portal_catalog")
    settings = viewlet.settings
    return (
        "/".join(catalog.getPhysicalPath()),
        catalog_state(catalog),
        # A page's publishing or expiry date passes without a catalog change.
        int(now() // KEPT_SECONDS),
        viewlet.navtree_path,  # the context's navigation root
        api.portal.get().absolute_url(),  # the host the links are made for
        viewlet.current_language,
        tuple(sorted(catalog._listAllowedRolesAndUsers(api.user.get_current()))),
        repr([getattr(settings, name, None) for name in SETTINGS]),
        # Excluded items show on their own path only.
        "/".join(viewlet.context.getPhysicalPath())
        if settings.show_excluded_items
        else "",
    )


def _tabs_key(_function, viewlet, make) -> tuple:
    state = getMultiAdapter(
        (viewlet.context, viewlet.request), name="plone_context_state"
    )
    return (*_reader(viewlet), repr(state.actions("portal_tabs")))


def _tree_key(_function, viewlet, make) -> tuple:
    return (*_reader(viewlet), repr(viewlet.portal_tabs))


@ram.cache(_tabs_key)
def site_tabs(viewlet, make):
    """``make()`` (Plone's top-level tabs) for this catalog state and reader."""
    return make()


@ram.cache(_tree_key)
def site_sections(viewlet, make):
    """``make()`` (Plone's navtree) for this catalog state and reader."""
    return make()
