"""What a fresh start logs as ERROR, at its causes: demo content is created
under its final id (no create-then-rename, whose uncatalog of the temporary id
fails), and the EasyForm type lists no behavior that is not installed."""

from bti.portal.distributions.content_tree import create_tree
from bti.portal.distributions.content_tree import free_id
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.upgrades.v1013_easyform import upgrade as upgrade_1013
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.dexterity.schema import SCHEMA_CACHE
from plone.dexterity.utils import iterSchemataForType

import logging
import unittest


class ErrorLines(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.lines = []

    def emit(self, record):
        self.lines.append(f"{record.name}: {record.getMessage()}")


class TestDemoContentLogsNoError(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.errors = ErrorLines()
        logging.getLogger().addHandler(self.errors)
        self.addCleanup(logging.getLogger().removeHandler, self.errors)

    def test_a_tree_is_created_under_final_ids_without_error(self):
        created = create_tree(
            self.portal,
            [
                {
                    "type": "Folder",
                    "title": "Verktøy i start",
                    "key": "tools",
                    "children": [
                        {"type": "Folder", "title": "Samme", "key": "one"},
                        {"type": "Folder", "title": "Samme", "key": "two"},
                        # "start" is a catalog index: Plone refuses it as an id.
                        {"type": "Folder", "title": "Start", "key": "index"},
                    ],
                }
            ],
        )
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog.unrestrictedSearchResults(path="/plone/verktoy-i-start")
        self.assertEqual(self.errors.lines, [])  # uncatalog of a temporary id
        folder = created["tools"]
        self.assertEqual(folder.getId(), "verktoy-i-start")
        self.assertEqual(
            [created[key].getId() for key in ("one", "two", "index")],
            ["samme", "samme-2", "start-2"],
        )
        paths = {brain.getPath() for brain in brains}
        self.assertIn("/plone/verktoy-i-start/samme-2", paths)

    def test_free_id_skips_reserved_and_taken_names(self):
        self.assertEqual(free_id(self.portal, "Logs"), "logs-2")  # the log folder
        self.assertEqual(free_id(self.portal, "Login"), "login-2")  # reserved
        self.assertEqual(free_id(self.portal, "Ny side"), "ny-side")


class TestEasyFormBehaviors(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.fti = api.portal.get_tool("portal_types")["EasyForm"]
        self.errors = ErrorLines()
        logging.getLogger().addHandler(self.errors)
        self.addCleanup(logging.getLogger().removeHandler, self.errors)

    def test_no_discussion_behavior_and_no_error_resolving_behaviors(self):
        self.assertNotIn("plone.allowdiscussion", self.fti.behaviors)
        self.assertIn("plone.dublincore", self.fti.behaviors)  # the rest is kept
        SCHEMA_CACHE.clear()
        list(iterSchemataForType("EasyForm"))
        self.assertEqual(self.errors.lines, [])

    def test_upgrade_removes_it_from_an_existing_site(self):
        before = self.fti.behaviors
        self.addCleanup(setattr, self.fti, "behaviors", before)
        self.fti.behaviors = (*before, "plone.allowdiscussion")
        upgrade_1013(api.portal.get_tool("portal_setup"))
        self.assertEqual(self.fti.behaviors, before)
