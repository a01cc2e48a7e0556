"""Install and uninstall of the OIDC plugin, the password gate and the settings."""

from bti.portal.oidc.gate import GATE_ID
from bti.portal.oidc.plugin import BTIOIDCPlugin
from bti.portal.oidc.settings import mask_pid
from bti.portal.oidc.settings import oidc_settings
from bti.portal.oidc.settings import pid_hash
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.registry.interfaces import IRegistry
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.interfaces.plugins import IChallengePlugin
from zope.component import getUtility

import unittest


class TestOIDCInstall(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.pas = self.portal.acl_users

    def test_plugin_installed_and_first_challenger(self):
        self.assertIsInstance(self.pas.oidc, BTIOIDCPlugin)
        self.assertEqual(self.pas.plugins.listPluginIds(IChallengePlugin)[0], "oidc")

    def test_password_gate_replaces_source_users(self):
        authenticators = self.pas.plugins.listPluginIds(IAuthenticationPlugin)
        self.assertIn(GATE_ID, authenticators)
        self.assertNotIn("source_users", authenticators)
        self.assertIn("session", authenticators)

    def test_defaults(self):
        settings = oidc_settings()
        self.assertEqual(settings.acr_values, ["idporten-loa-high"])
        self.assertEqual(settings.token_endpoint_auth_method, "client_secret_basic")
        self.assertFalse(settings.demo_mode)
        self.assertTrue(settings.secure_cookies)
        self.assertTrue(self.pas.session.getProperty("secure"))

    def test_site_key_and_pid_hash(self):
        key = getUtility(IRegistry)["bti.portal.oidc_secrets.pid_hash_key"]
        self.assertEqual(len(key), 64)
        hashed = pid_hash("05917099930")
        self.assertEqual(len(hashed), 64)
        self.assertNotIn("05917099930", hashed)
        self.assertEqual(hashed, pid_hash(" 05917099930 "))
        self.assertEqual(mask_pid("05917099930"), "059170*****")

    def test_demo_mode_is_off_by_default(self):
        # The distribution turns it on only for sites made with demo users
        # (tests/test_distribution.py).
        self.assertFalse(getUtility(IRegistry)["bti.portal.oidc.demo_mode"])

    def test_controlpanel_listed(self):
        ids = [
            a.getId() for a in api.portal.get_tool("portal_controlpanel").listActions()
        ]
        self.assertIn("bti-oidc-settings", ids)

    def test_controlpanel_view_for_managers(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        view = self.portal.restrictedTraverse("@@bti-oidc-settings")
        self.assertIn("acr", view())

    def test_blank_secret_in_form_keeps_stored_secret(self):
        from bti.portal.oidc.controlpanel import OIDCSettingsEditForm

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        oidc_settings().client_secret = "s3cret"
        form = OIDCSettingsEditForm(self.portal, self.layer["request"])
        form.update()
        form.applyChanges({"client_secret": "", "client_id": "portal-x"})
        self.assertEqual(oidc_settings().client_secret, "s3cret")
        self.assertEqual(oidc_settings().client_id, "portal-x")

    def test_reinstall_keeps_site_key_and_mappings(self):
        key = getUtility(IRegistry)["bti.portal.oidc_secrets.pid_hash_key"]
        userid = self.pas.oidc.userid_for("https://issuer", "sub-1")
        api.portal.get_tool("portal_setup").runAllImportStepsFromProfile(
            "profile-bti.portal:default"
        )
        self.assertEqual(
            getUtility(IRegistry)["bti.portal.oidc_secrets.pid_hash_key"], key
        )
        self.assertEqual(
            self.portal.acl_users.oidc.userid_for("https://issuer", "sub-1"), userid
        )


class TestOIDCUninstall(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        from plone.base.utils import get_installer

        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        get_installer(self.portal, self.layer["request"]).uninstall_product(
            "bti.portal"
        )

    def test_plugins_removed_and_passwords_back(self):
        pas = self.portal.acl_users
        self.assertNotIn("oidc", pas.objectIds())
        self.assertNotIn(GATE_ID, pas.objectIds())
        self.assertIn("source_users", pas.plugins.listPluginIds(IAuthenticationPlugin))

    def test_records_and_configlet_removed(self):
        registry = getUtility(IRegistry)
        self.assertNotIn("bti.portal.oidc.issuer", registry)
        self.assertNotIn("bti.portal.oidc_secrets.pid_hash_key", registry)
        ids = [
            a.getId() for a in api.portal.get_tool("portal_controlpanel").listActions()
        ]
        self.assertNotIn("bti-oidc-settings", ids)
