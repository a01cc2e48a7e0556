"""Sync every site that follows a baseline guide: add the baseline's new
pages, link pages at the same path. Changed and removed pages wait for the
site's editors (@@baseline-changes).

Run by cron, after the baseline's editors' working day:
    .venv/bin/zconsole run instance/etc/zope.conf scripts/sync_baselines.py
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SpecialUsers import system
from bti.portal.baseline.actions import sync
from bti.portal.baseline.changes import baseline_of
from plone.distribution.api import site as site_api
from Testing.makerequest import makerequest
from zope.component.hooks import site as site_hook
from zope.globalrequest import setRequest

import transaction


def sync_all(app) -> dict[str, dict]:
    """Sync each following site; what was done, per site id."""
    reports = {}
    for plone_site in site_api.get_sites(app):
        with site_hook(plone_site):
            if baseline_of(plone_site) is not None:
                reports[plone_site.getId()] = sync(plone_site)
    return reports


def main(app) -> None:
    app = makerequest(app)
    setRequest(app.REQUEST)
    newSecurityManager(None, system)
    for site_id, report in sync_all(app).items():
        print(
            f"{site_id}: {report['added']} page(s) added from the baseline, "
            f"{report['linked']} linked, {report['skipped']} waiting for a parent"
        )
    transaction.commit()
