"""Bring every Plone site of a database to the product's profile version.

Run inside Zope (scripts/upgrade_sites.py): ``make bench`` does it on its copy
of a kept data set, so a set made before a new index or column is measured as
an upgraded site, through the product's own upgrade steps.
"""

from AccessControl.SecurityManagement import newSecurityManager
from Products.CMFPlone.Portal import PloneSite
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
    if tuple(before) == tuple(wanted.split(".")):
        say(f"{site.getId()}: profile {wanted}, nothing to upgrade")
        return
    started = time.monotonic()
    setup.upgradeProfile(PROFILE)
    transaction.commit()
    took = time.monotonic() - started
    say(f"{site.getId()}: profile {'.'.join(before)} -> {wanted} in {took:.0f} s")


def main(app) -> None:
    app = makerequest(app)
    setRequest(app.REQUEST)
    admin = app.acl_users.getUserById(os.environ.get("BTI_ADMIN_USER", "admin"))
    newSecurityManager(None, admin.__of__(app.acl_users))
    for site in app.objectValues():
        if isinstance(site, PloneSite):
            setSite(site)
            upgrade(site)
