"""1023 -> 1024: the site's error log leaves out clients' 400 and 403
(setuphandlers.error_log)."""

from bti.portal.setuphandlers.error_log import ignore_client_errors
from plone import api


def upgrade(context):
    ignore_client_errors(api.portal.get())
