"""The daily jobs of every BTI site: routine revision reminders and reminder digests.

Run by cron once a day:
    .venv/bin/zconsole run instance/etc/zope.conf scripts/daily_jobs.py
BTI_TODAY=YYYY-MM-DD runs them as of another date (tests, catching up).
BTI_PUBLIC_URL (default http://localhost:8080) is where the links in the mails point.
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SpecialUsers import system
from bti.portal.reminders.digest import send_digests
from bti.portal.routines.revision import send_revision_reminders
from dataclasses import dataclass
from datetime import date
from plone.distribution.api import site as site_api
from Testing.makerequest import makerequest
from urllib.parse import urlsplit
from zope.component.hooks import site as site_hook
from zope.globalrequest import setRequest

import os
import transaction


@dataclass(frozen=True)
class SiteReport:
    revision_reminders: int  # mails to revision owners
    digests: int  # reminder digests, one per person


def run_site_jobs(app, today: date) -> dict[str, SiteReport]:
    """Run every daily job on every site; what was sent, per site id."""
    reports = {}
    for plone_site in site_api.get_sites(app):
        with site_hook(plone_site):
            reports[plone_site.getId()] = SiteReport(
                revision_reminders=send_revision_reminders(today),
                digests=send_digests(today),
            )
    return reports


def run_daily_jobs(app, today: date) -> dict[str, int]:
    """Run every daily job; the revision reminder mails sent per site id."""
    return {
        site_id: report.revision_reminders
        for site_id, report in run_site_jobs(app, today).items()
    }


def public_environ() -> dict[str, str]:
    """Request settings so links in mails use BTI_PUBLIC_URL's scheme, host and port."""
    url = urlsplit(os.environ.get("BTI_PUBLIC_URL", "http://localhost:8080"))
    https = url.scheme == "https"
    return {
        "SERVER_NAME": url.hostname or "localhost",
        "SERVER_PORT": str(url.port or (443 if https else 80)),
        **({"HTTPS": "on"} if https else {}),
    }


def main(app) -> None:
    app = makerequest(app, environ=public_environ())
    setRequest(app.REQUEST)
    newSecurityManager(None, system)
    today = (
        date.fromisoformat(os.environ["BTI_TODAY"])
        if "BTI_TODAY" in os.environ
        else date.today()
    )
    for site_id, report in run_site_jobs(app, today).items():
        day = today.isoformat()
        revisions = report.revision_reminders
        print(f"{site_id}: {revisions} revision reminder(s) sent for {day}")
        print(f"{site_id}: {report.digests} reminder digest(s) sent for {day}")
    transaction.commit()
