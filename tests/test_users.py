"""Full names: read from the properties plugins, not by making the whole user."""

from bti.portal import users
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.PlonePAS.plugins.property import ZODBMutablePropertyProvider
from Products.PluggableAuthService.PluggableAuthService import PluggableAuthService
from unittest import mock

import unittest


class TestFullname(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        setRoles(self.layer["portal"], TEST_USER_ID, ["Manager"])
        api.user.create(
            email="kari@example.org",
            username="kari",
            properties={"fullname": "Kari Lærer"},
        )

    def test_name_set_through_plone(self):
        self.assertEqual(users.fullname("kari"), "Kari Lærer")

    def test_a_changed_name_is_read_at_once(self):
        api.user.get(userid="kari").setMemberProperties({"fullname": "Kari Rektor"})
        self.assertEqual(users.fullname("kari"), "Kari Rektor")

    def test_without_a_name_the_id(self):
        api.user.get(userid="kari").setMemberProperties({"fullname": ""})
        self.assertEqual(users.fullname("kari"), "kari")

    def test_unknown_id(self):
        self.assertEqual(users.fullname("nobody-here"), "nobody-here")
        self.assertEqual(users.fullname("nobody-here", unknown=""), "")

    def test_a_deleted_user_has_no_name(self):
        api.user.delete(username="kari")
        self.assertEqual(users.fullname("kari"), "kari")
        self.assertEqual(users.fullname("kari", unknown="?"), "?")

    def test_a_group_id_is_not_a_name(self):
        api.group.create(groupname="lesegruppe", title="Lesegruppe")
        self.assertEqual(users.fullname("lesegruppe"), "lesegruppe")

    def test_the_user_is_not_made(self):
        made = []
        original = PluggableAuthService._findUser

        def counted(pas, *args, **kwargs):
            made.append(args)
            return original(pas, *args, **kwargs)

        PluggableAuthService._findUser = counted
        try:
            self.assertEqual(users.fullname("kari"), "Kari Lærer")
        finally:
            PluggableAuthService._findUser = original
        self.assertEqual(made, [])

    def test_a_plugin_that_needs_a_whole_user(self):
        original = ZODBMutablePropertyProvider.getPropertiesForUser

        def whole_users_only(plugin, user, request=None):
            if not hasattr(user, "getRoles"):
                raise AttributeError("getRoles")
            return original(plugin, user, request)

        with mock.patch.object(
            ZODBMutablePropertyProvider, "getPropertiesForUser", whole_users_only
        ):
            self.assertEqual(users.fullname("kari"), "Kari Lærer")

    def test_no_sheet_is_made_of_plonepas_own_properties(self):
        """PlonePAS's mutable properties are read where they are stored; a
        stored name, an empty one and a user without any read as before."""
        with mock.patch(
            "Products.PlonePAS.plugins.property.MutablePropertySheet",
            side_effect=AssertionError("a sheet was made"),
        ):
            self.assertEqual(users.stored_property("kari", "fullname"), "Kari Lærer")
            self.assertEqual(users.stored_property("nobody-here", "fullname"), "")
            self.assertIsNone(users.stored_property("kari", "no_such_property"))
