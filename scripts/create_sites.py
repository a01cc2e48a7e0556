"""Run by make start: zconsole run instance/etc/zope.conf scripts/create_sites.py"""

from bti.portal.commands.create_sites import main


main(app)  # noqa: F821 - zconsole provides app
