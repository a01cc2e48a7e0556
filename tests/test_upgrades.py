"""Upgrade steps: one folder per version, a chain from 1000 to the profile's
version, and their profiles hidden from the add-ons control panel."""

from bti.portal.commands.upgrade_sites import upgrade_all
from bti.portal.oidc.plugin import PLUGIN_ID
from bti.portal.setuphandlers import HiddenProfiles
from bti.portal.setuphandlers import LOG_FOLDER_ID
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.upgrades import v1017_control_rounds
from bti.portal.upgrades import v1025_message_order
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.GenericSetup import EXTENSION
from Products.GenericSetup import profile_registry
from Products.GenericSetup.upgrade import listUpgradeSteps
from Products.PluggableAuthService.interfaces.plugins import ICredentialsResetPlugin

import unittest


PROFILE = "bti.portal:default"
PERMISSION = "bti.portal: Follow baseline guide"


class TestUpgradeSteps(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.setup = api.portal.get_tool("portal_setup")
        setRoles(self.portal, TEST_USER_ID, ["Manager"])

    def steps(self):
        found = []
        for info in listUpgradeSteps(self.setup, PROFILE, "1000"):
            found.extend(info if isinstance(info, list) else [info])
        return found

    def test_steps_chain_from_1000_to_the_profile_version(self):
        version = ("1000",)
        for info in self.steps():
            self.assertEqual(info["source"], version, info["title"])
            version = info["dest"]
        self.assertEqual(".".join(version), self.setup.getVersionForProfile(PROFILE))

    def test_every_step_lives_in_the_folder_of_its_version(self):
        for info in self.steps():
            module = info["step"].handler.__module__
            folder = "bti.portal.upgrades.v" + ".".join(info["dest"])
            self.assertTrue(
                module == folder or module.startswith((folder + ".", folder + "_")),
                f"{info['title']}: {module}",
            )

    def test_upgrade_from_1000_reaches_the_profile_version(self):
        self.setup.setLastVersionForProfile(PROFILE, "1000")
        self.setup.upgradeProfile(PROFILE)
        self.assertEqual(
            self.setup.getLastVersionForProfile(PROFILE),
            tuple(self.setup.getVersionForProfile(PROFILE).split(".")),
        )
        self.assertIn(LOG_FOLDER_ID, self.portal.objectIds())


class TestLoginUpgrade(unittest.TestCase):
    """1007: per-user keyrings and the OIDC plugin first among the resetters."""

    layer = BTI_PORTAL_INTEGRATION_TESTING

    def test_existing_site_gets_the_login_hardening(self):
        pas = api.portal.get_tool("acl_users")
        pas.session.per_user_keyring = False
        pas.plugins.deactivatePlugin(ICredentialsResetPlugin, PLUGIN_ID)
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile(PROFILE, "1006")
        setup.upgradeProfile(PROFILE, dest="1007")
        self.assertTrue(pas.session.getProperty("per_user_keyring"))
        resetters = pas.plugins.listPluginIds(ICredentialsResetPlugin)
        self.assertEqual(resetters[0], PLUGIN_ID)


class TestBaselineUpgrade(unittest.TestCase):
    """1010: the baseline_site setting and the editors' permission."""

    layer = BTI_PORTAL_INTEGRATION_TESTING

    def test_existing_site_gets_the_setting_and_the_permission(self):
        portal = self.layer["portal"]
        registry = api.portal.get_tool("portal_registry")
        del registry.records["bti.portal.baseline_site"]
        portal.manage_permission(PERMISSION, roles=[], acquire=False)
        portal.portal_actions.user.manage_delObjects(["bti-baseline-changes"])
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile(PROFILE, "1009")
        setup.upgradeProfile(PROFILE, dest="1010")
        self.assertIsNone(api.portal.get_registry_record("bti.portal.baseline_site"))
        roles = {
            r["name"] for r in portal.rolesOfPermission(PERMISSION) if r["selected"]
        }
        self.assertEqual(roles, {"Editor", "Manager", "Site Administrator"})
        self.assertIn("bti-baseline-changes", portal.portal_actions.user.objectIds())

    def test_existing_site_gets_control_rounds(self):
        registry = api.portal.get_tool("portal_registry")
        del registry.records["bti.portal.control_round_days"]
        setRoles(self.layer["portal"], TEST_USER_ID, ["Manager"])
        folder = self.layer["portal"][LOG_FOLDER_ID]
        permission = "bti.portal: Run control rounds"
        folder.manage_permission(permission, roles=[], acquire=False)
        v1017_control_rounds.upgrade(api.portal.get_tool("portal_setup"))
        self.assertEqual(
            api.portal.get_registry_record("bti.portal.control_round_days"),
            ["15-02", "15-06", "15-10"],
        )
        roles = {
            r["name"] for r in folder.rolesOfPermission(permission) if r["selected"]
        }
        self.assertEqual(roles, {"Manager", "UnitLeader", "Coordinator"})


class TestUpgradeAtStart(unittest.TestCase):
    """make start and start-cluster bring a kept site to the checkout's
    version before serving (create_sites runs ``upgrade_all``)."""

    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def test_a_kept_site_gets_the_new_index_and_version(self):
        app, portal = self.layer["app"], self.layer["portal"]
        setup = api.portal.get_tool("portal_setup")
        catalog = api.portal.get_tool("portal_catalog")
        catalog.delIndex(v1025_message_order.INDEX)
        setup.setLastVersionForProfile(PROFILE, "1024")
        said = []
        with api.env.adopt_roles(["Manager"]):
            upgrade_all(app, say=said.append)
        self.assertEqual(
            setup.getLastVersionForProfile(PROFILE),
            tuple(setup.getVersionForProfile(PROFILE).split(".")),
        )
        self.assertIn(v1025_message_order.INDEX, catalog.indexes())
        self.assertEqual(len(said), 1)
        self.assertIn(f"{portal.getId()}: profile 1024 -> ", said[0])
        with api.env.adopt_roles(["Manager"]):
            upgrade_all(app, say=said.append)
        self.assertIn("nothing to upgrade", said[1])


class TestHiddenProfiles(unittest.TestCase):
    def test_upgrade_profiles_and_package_are_hidden(self):
        product = "bti.portal.upgrades.v9999"
        profile_registry.registerProfile(
            "default", "test upgrade", "", "profiles", product, EXTENSION
        )
        self.addCleanup(profile_registry.unregisterProfile, "default", product)
        hidden = HiddenProfiles()
        profiles = hidden.getNonInstallableProfiles()
        self.assertIn("bti.portal:uninstall", profiles)
        self.assertIn(f"{product}:default", profiles)
        self.assertNotIn("bti.portal:default", profiles)
        self.assertIn("bti.portal.upgrades", hidden.getNonInstallableProducts())
