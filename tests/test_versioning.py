"""Guide content is versioned: history, diff between versions, revert."""

from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import requests
import transaction
import unittest


def edit(obj, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    notify(ObjectModifiedEvent(obj))


class TestVersioning(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.repository = api.portal.get_tool("portal_repository")

    def test_every_guide_type_is_versionable(self):
        for portal_type in (
            "Guide",
            "GuideLevel",
            "GuideStep",
            "Tool",
            "Routine",
            "Service",
            "Measure",
            "AnnualWheel",
            "AnnualTask",
        ):
            self.assertIn(portal_type, self.repository.getVersionableContentTypes())

    def test_edit_makes_a_version_and_revert_restores(self):
        tool = api.content.create(self.portal, "Tool", title="Samtaleguide")
        edit(tool, title="Samtaleguide for foreldre")
        edit(tool, title="Samtaleguide for foreldre og barn")
        history = self.repository.getHistoryMetadata(tool)
        self.assertGreaterEqual(history.getLength(countPurged=False), 2)
        self.repository.revert(tool, 1)
        self.assertEqual(tool.Title(), "Samtaleguide for foreldre")

    def test_diff_between_two_versions(self):
        tool = api.content.create(self.portal, "Tool", title="Kartlegging")
        edit(tool, title="Kartlegging")
        edit(tool, title="Kartlegging av styrker")
        last = self.repository.getHistoryMetadata(tool).getLength(countPurged=False) - 1
        diff = api.portal.get_tool("portal_diff").createChangeSet(
            self.repository.retrieve(tool, 0).object,
            self.repository.retrieve(tool, last).object,
        )
        changed = [d.field for d in diff.getDiffs() if not d.same]
        self.assertIn("title", changed)


class TestHistoryRestAPI(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def test_history_lists_versions(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        tool = api.content.create(portal, "Tool", title="Observasjon")
        edit(tool, title="Observasjon over tid")
        transaction.commit()
        response = requests.get(
            tool.absolute_url() + "/@history",
            headers={"Accept": "application/json"},
            auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            timeout=60,
        )
        self.assertEqual(response.status_code, 200)
        versions = [
            entry for entry in response.json() if entry.get("type") == "versioning"
        ]
        self.assertGreaterEqual(len(versions), 1)
