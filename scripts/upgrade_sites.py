"""Run by make bench: zconsole run <conf> scripts/upgrade_sites.py"""

from bti.portal.commands.upgrade_sites import main


main(app)  # noqa: F821 - zconsole provides app
app._p_jar.db().close()  # noqa: F821 - closed, the FileStorage saves its index
