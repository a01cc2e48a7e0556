"""The daily jobs of every BTI site: today, the routine revision reminders.

Run by cron once a day:
    .venv/bin/zconsole run instance/etc/zope.conf scripts/daily_jobs.py
BTI_TODAY=YYYY-MM-DD runs them as of another date (tests, catching up).
"""

from bti.portal.routines.revision import send_revision_reminders
from datetime import date
from plone.distribution.api import site as site_api
from zope.component.hooks import site as site_hook

import os
import transaction


def run_daily_jobs(app, today: date) -> dict[str, int]:
    """Reminder mails sent per site id."""
    sent = {}
    for plone_site in site_api.get_sites(app):
        with site_hook(plone_site):
            sent[plone_site.getId()] = send_revision_reminders(today)
    return sent


def main(app) -> None:
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.SpecialUsers import system
    from Testing.makerequest import makerequest
    from zope.globalrequest import setRequest

    app = makerequest(app)
    setRequest(app.REQUEST)
    newSecurityManager(None, system)
    today = date.fromisoformat(os.environ["BTI_TODAY"]) if "BTI_TODAY" in os.environ else date.today()
    for site_id, count in run_daily_jobs(app, today).items():
        print(f"{site_id}: {count} revision reminder(s) sent for {today.isoformat()}")
    transaction.commit()
