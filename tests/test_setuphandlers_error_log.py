"""The site's error log keeps server errors, not a client's 400 or 403
(setuphandlers/error_log.py, upgrade 1023)."""

from bti.portal.setuphandlers.error_log import CLIENT_ERRORS
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.upgrades import v1024_error_log
from bti.portal.upgrades import v1029_error_log_405
from plone import api
from zExceptions import BadRequest
from zExceptions import Forbidden
from zExceptions import MethodNotAllowed

import sys
import unittest


def raised(exception):
    try:
        raise exception
    except Exception:
        return sys.exc_info()


class TestErrorLog(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.error_log = self.layer["portal"]["error_log"]

    def entries(self) -> list[str]:
        """The types of the entries added since the test began (the error log
        keeps its entries outside the database: earlier tests' are there)."""
        return [
            entry["type"]
            for entry in self.error_log.getLogEntries()
            if entry["id"] not in self.before
        ]

    def test_client_errors_are_answered_not_logged(self):
        self.before = {entry["id"] for entry in self.error_log.getLogEntries()}
        for exception in (
            BadRequest("unit must be a UID"),
            Forbidden("not yours"),
            MethodNotAllowed("PUT"),
        ):
            self.error_log.raising(raised(exception))
        self.assertEqual(self.entries(), [])
        self.error_log.raising(raised(ValueError("a real error")))
        self.assertEqual(self.entries(), ["ValueError"])

    def test_plones_own_ignored_exceptions_stay(self):
        ignored = self.error_log.getProperties()["ignored_exceptions"]
        self.assertIn("Unauthorized", ignored)
        self.assertIn("NotFound", ignored)

    def test_upgrades_set_an_existing_site(self):
        for upgrade in (v1024_error_log.upgrade, v1029_error_log_405.upgrade):
            settings = self.error_log.getProperties()
            self.error_log.setProperties(
                settings["keep_entries"], settings["copy_to_zlog"], ("NotFound",)
            )
            upgrade(api.portal.get_tool("portal_setup"))
            ignored = self.error_log.getProperties()["ignored_exceptions"]
            self.assertEqual(ignored, ("NotFound", *CLIENT_ERRORS))
