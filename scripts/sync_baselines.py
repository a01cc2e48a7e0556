"""Run by cron: zconsole run instance/etc/zope.conf scripts/sync_baselines.py"""

from bti.portal.commands.sync_baselines import main


main(app)  # noqa: F821 - zconsole provides app
