"""Run by cron (and make archive-run / make archive):
zconsole run instance/etc/zope.conf scripts/archive.py run|export FROM TO [DEST]"""

from bti.portal.commands.archive import main

import sys


sys.exit(main(app))  # noqa: F821 - zconsole provides app
