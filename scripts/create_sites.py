"""Run by make start: zconsole run instance/etc/zope.conf scripts/create_sites.py"""

from bti.portal.commands.create_sites import main


main(app)  # noqa: F821 - zconsole provides app
# Closed, the FileStorage saves its index: the server then starts without
# rebuilding it ("Ignoring index" otherwise).
app._p_jar.db().close()  # noqa: F821
