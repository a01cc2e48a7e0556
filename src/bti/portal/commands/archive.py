"""The archive's jobs, run with zconsole (see the Makefile):

- ``run`` (make archive-run; cron, twice a year: before Christmas and before
  the summer holiday): a PDF/A copy of every running or passive log of every
  site, and the copies that failed before (pending) made again;
- ``export`` (make archive FROM=YYYY-MM-DD TO=YYYY-MM-DD [DEST=...]): one Noark 5
  extraction package per log with copies made in the period.

    .venv/bin/zconsole run instance/etc/zope.conf scripts/archive.py run
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SpecialUsers import system
from bti.portal.archive import actions
from bti.portal.archive import export
from bti.portal.domain import archive as rules
from pathlib import Path
from plone.distribution.api import site as site_api
from Testing.makerequest import makerequest
from zope.component.hooks import site as site_hook
from zope.globalrequest import setRequest

import sys
import transaction


USAGE = "usage: archive.py run | export FROM TO [DEST]  (days as YYYY-MM-DD)"


def run_site(plone_site) -> dict:
    """Copies of the site's logs, one commit per log (a failure keeps the rest)."""
    made = failed = 0
    for log in actions.periodic_logs():
        if actions.make_copy(log, rules.PERIODIC) is None:
            failed += 1
        else:
            made += 1
        transaction.commit()
    retried, still_failing = actions.retry_pending()
    transaction.commit()
    return {"made": made + retried, "failed": failed + still_failing}


def export_site(plone_site, first, last, destination: Path) -> list[Path]:
    return export.export(first, last, destination / plone_site.getId())


def script_arguments(argv: list[str]) -> list[str]:
    """What follows the script in ``zconsole run <conf> scripts/archive.py ...``."""
    for index, value in enumerate(argv):
        if value.endswith("archive.py"):
            return argv[index + 1 :]
    return argv[1:]


def main(app, argv=None) -> int:
    argv = script_arguments(sys.argv) if argv is None else list(argv)
    if not argv or argv[0] not in ("run", "export"):
        print(USAGE)
        return 2
    if argv[0] == "export":
        if len(argv) not in (3, 4):
            print(USAGE)
            return 2
        try:
            first, last = rules.parse_day(argv[1]), rules.parse_day(argv[2])
        except ValueError as error:
            print(error)
            return 2
        destination = Path(argv[3] if len(argv) == 4 else "var/archive-export")
    app = makerequest(app)
    setRequest(app.REQUEST)
    newSecurityManager(None, system)
    for plone_site in site_api.get_sites(app):
        with site_hook(plone_site):
            if argv[0] == "run":
                report = run_site(plone_site)
                print(
                    f"{plone_site.getId()}: {report['made']} copies made, "
                    f"{report['failed']} failed (pending)"
                )
            else:
                written = export_site(plone_site, first, last, destination)
                print(f"{plone_site.getId()}: {len(written)} package(s)")
                for path in written:
                    print(f"  {path}")
    return 0
