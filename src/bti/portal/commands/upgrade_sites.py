"""Bring every Plone site of a database to the product's profile version.

``make start`` and ``make start-cluster`` do it before Zope serves (through
create_sites, ``upgrade_all``: once, not by each process), so a kept database
gets a new index or column with the code that asks for it. ``make bench``
does it on its copy of a kept data set (scripts/upgrade_sites.py).
"""

from AccessControl.SecurityManagement import newSecurityManager
from Products.CMFPlone.Portal import PloneSite
from Products.GenericSetup.tool import UNKNOWN
from Testing.makerequest import makerequest
from zope.component.hooks import setSite
from zope.globalrequest import setRequest

import os
import time
import transaction


PROFILE = "bti.portal:default"


def upgrade(site, say=print) -> None:
    setup = site.portal_setup
    before = setup.getLastVersionForProfile(PROFILE)
    wanted = setup.getVersionForProfile(PROFILE)
    if before == UNKNOWN:
        return  # a site without the product
    if tuple(before) == tuple(wanted.split(".")):
        say(f"{site.getId()}: profile {wanted}, nothing to upgrade")
        return
    started = time.monotonic()
    setup.upgradeProfile(PROFILE)
    transaction.commit()
    took = time.monotonic() - started
    say(f"{site.getId()}: profile {'.'.join(before)} -> {wanted} in {took:.0f} s")


def upgrade_all(app, say=print) -> None:
    """Every site of ``app`` (a request and a manager already set up)."""
    for site in app.objectValues():
        if isinstance(site, PloneSite):
            setSite(site)
            upgrade(site, say)


def main(app) -> None:
    app = makerequest(app)
    setRequest(app.REQUEST)
    admin = app.acl_users.getUserById(os.environ.get("BTI_ADMIN_USER", "admin"))
    newSecurityManager(None, admin.__of__(app.acl_users))
    upgrade_all(app)
