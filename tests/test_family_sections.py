"""The main menu's sections kept per committed catalog state (browser/family/
sections.py): one catalog query for many pages, a new one once the catalog
changed, and each reader's own (the catalog's permission filter)."""

from bti.portal.browser.family import sections
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from plone import api
from plone.app.layout.viewlets.common import GlobalSectionsViewlet
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.memoize import ram
from unittest import mock

import lxml.html
import requests
import transaction
import unittest


class TestSectionsKept(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        transaction.commit()
        self.made = []
        self.now = [1_000_000_000.0]
        clock = mock.patch.object(sections, "now", lambda: self.now[0])
        clock.start()
        self.addCleanup(clock.stop)
        for name in ("portal_tabs", "navtree"):
            original = getattr(GlobalSectionsViewlet, name).fget

            def counted(viewlet, original=original, name=name):
                self.made.append(name)
                return original(viewlet)

            patch = mock.patch.object(GlobalSectionsViewlet, name, property(counted))
            patch.start()
            self.addCleanup(patch.stop)

    def menu(self, auth=None) -> list[str]:
        response = requests.get(self.portal.absolute_url(), auth=auth, timeout=60)
        self.addCleanup(response.close)
        nav = lxml.html.fromstring(response.text).get_element_by_id("portal-globalnav")
        return [link.text_content().strip() for link in nav.iter("a")]

    def add_folder(self, title: str, publish: bool) -> None:
        folder = api.content.create(container=self.portal, type="Folder", title=title)
        if publish:
            api.content.transition(obj=folder, transition="publish")
        transaction.commit()

    def test_one_query_for_many_pages_until_the_catalog_changes(self):
        first = self.menu()
        self.assertEqual(self.menu(), first)
        self.assertEqual(self.made, ["portal_tabs", "navtree"])
        self.add_folder("Ny seksjon", publish=True)
        self.assertIn("Ny seksjon", self.menu())
        self.assertEqual(len(self.made), 4)
        self.now[0] += sections.KEPT_SECONDS  # a publishing date may have passed
        self.menu()
        self.assertEqual(len(self.made), 6)

    def test_each_reader_sees_what_the_catalog_lets_them(self):
        self.add_folder("Kladd for redaksjonen", publish=False)
        self.assertNotIn("Kladd for redaksjonen", self.menu())
        owner = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        self.assertIn("Kladd for redaksjonen", self.menu(owner))
        self.assertNotIn("Kladd for redaksjonen", self.menu())

    def test_not_kept_while_the_transaction_changed_the_catalog(self):
        catalog = api.portal.get_tool("portal_catalog")
        self.assertTrue(sections.catalog_state(catalog))
        api.content.create(container=self.portal, type="Folder", title="Ulagret")
        with self.assertRaises(ram.DontCache):
            sections.catalog_state(catalog)
        transaction.abort()

    def test_a_navigation_root_has_its_own_menu(self):
        """A folder marked as a navigation root shows its own sections."""
        from plone.base.interfaces import INavigationRoot
        from zope.interface import alsoProvides

        root = api.content.create(container=self.portal, type="Folder", title="Region")
        api.content.transition(obj=root, transition="publish")
        inner = api.content.create(container=root, type="Folder", title="Indre del")
        api.content.transition(obj=inner, transition="publish")
        alsoProvides(root, INavigationRoot)
        root.reindexObject()
        transaction.commit()
        site_menu = self.menu()
        response = requests.get(root.absolute_url(), timeout=60)
        self.addCleanup(response.close)
        nav = lxml.html.fromstring(response.text).get_element_by_id("portal-globalnav")
        root_menu = [link.text_content().strip() for link in nav.iter("a")]
        self.assertEqual(site_menu, ["Forside", "Region", "Indre del"])
        self.assertEqual(root_menu, ["Forside", "Indre del"])
