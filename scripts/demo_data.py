"""Run by make demo-data: LOGS=N SITE=byn zconsole run <conf> scripts/demo_data.py"""

from bti.portal.commands.demo_data import main

import os


main(app, [os.environ.get("LOGS", "1000"), os.environ.get("SITE", "byn")])  # noqa: F821
app._p_jar.db().close()  # noqa: F821 - closed, the FileStorage saves its index
