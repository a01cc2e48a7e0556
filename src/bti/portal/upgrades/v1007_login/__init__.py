"""1006 -> 1007: login hardening on existing sites, reads that write nothing.

- the OIDC plugin installed again (idempotent): per-user session keyrings, so
  logout ends a session on the server, and the plugin first among the
  credential resetters, so a forged ticket cannot end another person's
  sessions;
- the signing acr setting (the registry, read again);
- portlet settings made now instead of by the first page view;
- the rolemap read again: only managers and site administrators list people.
"""

from bti.portal.oidc.setuphandlers import install as install_oidc
from bti.portal.setuphandlers.portlets import settle_portlet_settings
from plone import api


PROFILE = "profile-bti.portal:default"


def upgrade(context):
    context.runImportStepFromProfile(PROFILE, "plone.app.registry")
    context.runImportStepFromProfile(PROFILE, "rolemap")
    install_oidc()
    settle_portlet_settings(api.portal.get())
