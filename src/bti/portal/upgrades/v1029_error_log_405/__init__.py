"""1028 -> 1029: the site's error log also leaves out a client's 405 (a PUT or
DELETE on a page; setuphandlers.error_log)."""

from bti.portal.setuphandlers.error_log import ignore_client_errors
from plone import api


def upgrade(context):
    ignore_client_errors(api.portal.get())
