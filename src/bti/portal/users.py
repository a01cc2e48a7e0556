"""The people behind user ids: full names and the current user."""

from AccessControl import getSecurityManager
from Acquisition import aq_base
from bti.portal.memo import tool
from plone import api
from Products.PlonePAS.plugins.property import ZODBMutablePropertyProvider
from Products.PluggableAuthService.interfaces.plugins import IPropertiesPlugin
from zExceptions import Unauthorized


# How PlonePAS's mutable properties make a sheet (a name read without it).
_READ_SHEET = ZODBMutablePropertyProvider.getPropertiesForUser

# The group of the site's coordinators (barnekoordinator); made by setuphandlers.
COORDINATOR_GROUP = "bti-coordinators"


def fullname(user_id: str, unknown: str | None = None) -> str:
    """The full name, else the id; for an id with no user: ``unknown``, else the id.

    (A guardian added without a login is listed by name: the name is the id.)
    """
    if not user_id:
        return ""
    if unknown is None:
        stored = stored_property(user_id, "fullname")
        if stored:
            return stored
    user = api.user.get(userid=user_id)
    if user is None:
        return user_id if unknown is None else unknown
    return user.getProperty("fullname") or user_id


class _Principal:
    """What a properties plugin asks of the user it reads: an id, not a group."""

    def __init__(self, user_id: str):
        self._id = user_id

    def getId(self) -> str:
        return self._id

    getUserName = getId

    def isGroup(self) -> bool:
        return False


def stored_property(user_id: str, name: str):
    """A user's property as the site's properties plugins keep it, read in
    PAS's order (the first sheet that has it wins, as in member data), without
    making the whole user: no authentication, role or group plugin is asked.
    A list of 50 logs with 50 holders took 1 ms a name through ``api.user``."""
    plugins = tool("acl_users").plugins
    principal = _Principal(user_id)
    for _plugin_id, plugin in plugins.listPlugins(IPropertiesPlugin):
        if _plain_mutable(plugin):
            # Its sheet has every property of the schema (stored, else the
            # default): read the stored values, no sheet is made.
            stored = plugin._storage.get(user_id) or {}
            if name in stored:
                return stored[name]
            defaults = plugin._getDefaultValues(False)
            if name in defaults:
                return defaults[name]
            continue
        try:
            sheet = plugin.getPropertiesForUser(principal, None)
        except AttributeError:  # a plugin that needs a whole user: ask PAS
            return None
        if sheet is None:
            continue
        if isinstance(sheet, dict):
            if name in sheet:
                return sheet[name]
        elif sheet.hasProperty(name):
            return sheet.getProperty(name)
    return None


def _plain_mutable(plugin) -> bool:
    """PlonePAS's own mutable properties, as it reads them (not a subclass
    or a changed reader: those are asked through their sheet)."""
    kind = type(aq_base(plugin))
    return (
        kind is ZODBMutablePropertyProvider and kind.getPropertiesForUser is _READ_SHEET
    )


def current_user():
    """The logged-in user, or Anonymous, as the security manager has it: the
    user inside ``api.user.get_current()``'s member data, with the same id
    and roles, without a tool lookup and a new wrapper per call."""
    return getSecurityManager().getUser()


def current_user_id(refusal: str = "Log in first.") -> str:
    """The logged-in user's id; Unauthorized (401) for anonymous."""
    if api.user.is_anonymous():
        raise Unauthorized(refusal)
    return api.user.get_current().getId()


# Global roles of the people who work in the portal (through the group
# bti-staff or given by an administrator). Anyone else who logs in is family:
# a guardian or a young person, who meets no CMS screen.
STAFF_GLOBAL_ROLES = frozenset({
    "Manager",
    "Site Administrator",
    "Editor",
    "Contributor",
    "Reviewer",
    "Staff",
    "Archivist",
})

# Where a login starts when nobody asked for a particular page.
_START_PAGES = frozenset({
    "",
    "front-page",
    "index_html",
    "login",
    "login_form",
    "@@login",
    "logged_out",
    "@@logged_out",
    "@@my-logs",
    "@@my-work",
})

# Staff who may open the work page "Mitt arbeid" start there; archivists
# (no work page) on the list of archive copies.
VIEW_WORK_PAGE = "bti.portal: View work page"
READ_ARCHIVE = "bti.portal: Read archive"


def is_family_user(user) -> bool:
    """Logged in and without a staff role: a guardian or a young person."""
    if user is None:
        return False
    roles = set(user.getRoles())
    return "Authenticated" in roles and not roles & STAFF_GLOBAL_ROLES


def start_page(user) -> str | None:
    """The page a login lands on: "Mine logger" for families, "Mitt arbeid"
    for staff (the work page's permission), the archive copies for
    archivists, else none."""
    if is_family_user(user):
        return "@@my-logs"
    if user is None:
        return None
    portal = api.portal.get()
    if api.user.has_permission(VIEW_WORK_PAGE, user=user, obj=portal):
        return "@@my-work"
    if api.user.has_permission(READ_ARCHIVE, user=user, obj=portal):
        return "@@archive-copies"
    return None


def landing_url(user, came_from: str | None) -> str | None:
    """After login: someone who came for no page in particular lands on their
    start page (``start_page``); everyone else where they came from."""
    page = start_page(user)
    if page is None:
        return came_from
    portal_url = api.portal.get().absolute_url()
    path = (came_from or "").split("?")[0].split("#")[0]
    if path.startswith(portal_url):
        path = path[len(portal_url) :]
    if not came_from or path.strip("/") in _START_PAGES:
        return f"{portal_url}/{page}"
    return came_from
