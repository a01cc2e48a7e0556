"""Install and uninstall of the bti.portal profiles."""

from bti.portal.interfaces import IBTIPortalLayer
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.browserlayer import utils as browserlayer_utils
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

import unittest


class TestInstall(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.installer = api.portal.get_tool("portal_setup")

    def test_product_installed(self):
        from plone.base.utils import get_installer

        installer = get_installer(self.portal, self.layer["request"])
        self.assertTrue(installer.is_product_installed("bti.portal"))

    def test_profile_version_is_the_last_upgrade(self):
        version = self.installer.getLastVersionForProfile("bti.portal:default")
        self.assertEqual(version, ("1029",))
        steps = self.installer.listUpgrades("bti.portal:default", show_old=True)
        self.assertIn(("1000",), [tuple(step["source"]) for step in steps])

    def test_plones_dashboard_is_not_in_the_user_menu(self):
        actions = api.portal.get_tool("portal_actions")
        self.assertFalse(actions.user.dashboard.visible)  # "Oversikt" instead
        self.assertTrue(actions.portal_tabs["bti-archive"].visible)

    def test_no_stock_plone_pages_in_the_footer(self):
        """Plone's accessibility page (about Plone) and contact form are not
        offered: the footer keeps the site map."""
        site_actions = api.portal.get_tool("portal_actions").site_actions
        self.assertFalse(site_actions.accessibility.visible)
        self.assertFalse(site_actions.contact.visible)
        self.assertTrue(site_actions.sitemap.visible)

    def test_browserlayer(self):
        self.assertIn(IBTIPortalLayer, browserlayer_utils.registered_layers())

    def test_theme_is_active(self):
        from plone.app.theming.utils import getCurrentTheme

        self.assertEqual(getCurrentTheme(), "bti")

    def test_registry_records(self):
        registry = getUtility(IRegistry)
        self.assertEqual(registry["bti.portal.consent_age"], 16)
        self.assertEqual(registry["bti.portal.level0_deadline_days"], 28)

    def test_controlpanel_listed(self):
        controlpanel = api.portal.get_tool("portal_controlpanel")
        ids = [action.getId() for action in controlpanel.listActions()]
        self.assertIn("bti-settings", ids)

    def test_uninstall_profile_hidden(self):
        from bti.portal.setuphandlers import HiddenProfiles

        self.assertIn(
            "bti.portal:uninstall", HiddenProfiles().getNonInstallableProfiles()
        )


class TestUninstall(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        from plone.base.utils import get_installer

        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.installer = get_installer(self.portal, self.layer["request"])
        self.installer.uninstall_product("bti.portal")

    def test_product_uninstalled(self):
        self.assertFalse(self.installer.is_product_installed("bti.portal"))

    def test_browserlayer_removed(self):
        self.assertNotIn(IBTIPortalLayer, browserlayer_utils.registered_layers())

    def test_registry_records_removed(self):
        registry = getUtility(IRegistry)
        self.assertNotIn("bti.portal.consent_age", registry)

    def test_controlpanel_removed(self):
        controlpanel = api.portal.get_tool("portal_controlpanel")
        ids = [action.getId() for action in controlpanel.listActions()]
        self.assertNotIn("bti-settings", ids)

    def test_theme_back_to_barceloneta(self):
        from plone.app.theming.utils import getCurrentTheme

        self.assertEqual(getCurrentTheme(), "barceloneta")
