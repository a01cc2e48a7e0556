"""The profiles' post handlers (profiles.zcml)."""

from bti.portal.oidc import setuphandlers as oidc
from bti.portal.relaylog.dashboard.totals import add_index
from bti.portal.relaylog.dashboard.totals import remove_index
from bti.portal.setuphandlers.archive import ensure_archive_grants
from bti.portal.setuphandlers.error_log import ignore_client_errors
from bti.portal.setuphandlers.front_page import leave_front_page
from bti.portal.setuphandlers.front_page import use_front_page
from bti.portal.setuphandlers.languages import enable_family_languages
from bti.portal.setuphandlers.logs import ensure_log_folder
from bti.portal.setuphandlers.portlets import settle_portlet_settings
from bti.portal.textindex import make_conflict_free
from plone import api


def post_install(setup_tool):
    """After the default profile: OIDC login, the dashboard's lists, the log
    folder and its groups, portlet settings, the family languages, the front
    page, an error log without clients' 400 and 403."""
    oidc.install()
    add_index(api.portal.get_tool("portal_catalog"))  # the dashboard's lists
    ensure_log_folder(api.portal.get())
    ensure_archive_grants(api.portal.get())
    settle_portlet_settings(api.portal.get())
    enable_family_languages()
    # Concurrent adds to a log must not conflict in the full-text indexes.
    make_conflict_free(api.portal.get_tool("portal_catalog"))
    use_front_page(api.portal.get())
    ignore_client_errors(api.portal.get())


def post_uninstall(setup_tool):
    """After the uninstall profile: OIDC plugin and password gate removed,
    the dashboard's lists index removed, Plone's page view back on the site
    root."""
    oidc.uninstall()
    remove_index(api.portal.get_tool("portal_catalog"))
    leave_front_page(api.portal.get())
