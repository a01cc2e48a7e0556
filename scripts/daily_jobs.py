"""Run by cron: zconsole run instance/etc/zope.conf scripts/daily_jobs.py"""

from bti.portal.commands.daily_jobs import main


main(app)  # noqa: F821 - zconsole provides app
