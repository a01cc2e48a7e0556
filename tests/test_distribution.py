"""The bti distribution: its form schema, its answers and the demo sites."""

from bti.portal.distributions.demo import demo_sites
from bti.portal.distributions.demo import demo_users
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from bti.portal.testing import DEMO_SITES_INTEGRATION_TESTING
from bti.portal.testing import TEST_ANSWERS
from plone.distribution.api import distribution as dist_api
from plone.distribution.api import site as site_api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
from zope.component.hooks import site as site_hook

import unittest


class TestDistributionSchema(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.distribution = dist_api.get("bti")

    def test_registered(self):
        names = [d.name for d in dist_api.get_distributions()]
        self.assertIn("bti", names)

    def test_schema_asks_for_municipality_settings(self):
        properties = self.distribution.schema["properties"]
        for name in (
            "site_id",
            "title",
            "municipalities",
            "default_language",
            "consent_age",
            "level0_deadline_days",
            "setup_content",
        ):
            self.assertIn(name, properties)
        self.assertEqual(properties["consent_age"]["enum"], [15, 16])
        languages = self.distribution.schema["definitions"]["languages"]
        self.assertEqual(languages["enum"], ["nb", "nn", "en"])

    def test_test_site_created_by_distribution(self):
        portal = self.layer["portal"]
        report = dist_api.get_creation_report(portal)
        self.assertEqual(report.name, "bti")


class TestAnswersValidated(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def assertRejected(self, **changes):
        app = self.layer["app"]
        answers = {**TEST_ANSWERS, "site_id": "ny-kommune", **changes}
        with self.assertRaises(ValueError):
            site_api.create(app, "bti", answers)
        self.assertNotIn("ny-kommune", app.objectIds())

    def test_consent_age_must_be_15_or_16(self):
        self.assertRejected(consent_age=17)

    def test_deadline_within_1_to_90_days(self):
        self.assertRejected(level0_deadline_days=0)
        self.assertRejected(level0_deadline_days=91)

    def test_at_least_one_municipality(self):
        self.assertRejected(municipalities=[])

    def test_language_nb_nn_or_en(self):
        self.assertRejected(default_language="de")

    def test_site_id_is_a_plain_path_segment(self):
        self.assertRejected(site_id="Ny kommune")

    def test_colour_is_hex(self):
        self.assertRejected(theme_colour="red")

    def test_login_issuer_is_https(self):
        self.assertRejected(oidc_issuer="http://idp.example.org")


class TestDemoSites(unittest.TestCase):
    layer = DEMO_SITES_INTEGRATION_TESTING

    def setUp(self):
        self.app = self.layer["app"]

    def settings_of(self, site_id):
        site = self.app[site_id]
        with site_hook(site):
            registry = getUtility(IRegistry)
            return {
                "title": registry["plone.site_title"],
                "language": registry["plone.default_language"],
                "municipalities": registry["bti.portal.municipalities"],
                "consent_age": registry["bti.portal.consent_age"],
                "deadline": registry["bti.portal.level0_deadline_days"],
                "colour": registry["bti.portal.theme_colour"],
                "demo": registry["bti.portal.demo_content"],
                "logo": registry["plone.site_logo"],
            }

    def test_byn(self):
        settings = self.settings_of("byn")
        self.assertEqual(settings["title"], "BTI i BYN")
        self.assertEqual(settings["language"], "nb")
        self.assertEqual(
            settings["municipalities"], ["Bindal", "Leka", "Nærøy", "Vikna"]
        )
        self.assertEqual(settings["consent_age"], 16)
        self.assertEqual(settings["deadline"], 28)
        self.assertTrue(settings["demo"])
        self.assertTrue(settings["logo"])

    def test_inderoy(self):
        settings = self.settings_of("inderoy")
        self.assertEqual(settings["language"], "nb")
        self.assertEqual(settings["municipalities"], ["Inderøy"])
        self.assertEqual(settings["consent_age"], 16)

    def test_sogndal(self):
        settings = self.settings_of("sogndal")
        self.assertEqual(settings["language"], "nn")
        self.assertEqual(settings["municipalities"], ["Sogndal"])
        self.assertEqual(settings["consent_age"], 15)

    def test_each_site_has_its_own_colour(self):
        colours = {self.settings_of(s["site_id"])["colour"] for s in demo_sites()}
        self.assertEqual(len(colours), 3)

    def test_demo_users_have_their_roles(self):
        site = self.app["sogndal"]
        for user in demo_users():
            member = site.acl_users.getUserById(user["id"])
            self.assertIsNotNone(member, user["id"])
            for role in user["roles"]:
                self.assertIn(role, member.getRoles())

    def test_welcome_text_in_site_language(self):
        self.assertIn("Handlingsrettleiaren", self.app["sogndal"].text.raw)
        self.assertIn("Handlingsveilederen", self.app["byn"].text.raw)

    def test_demo_sites_are_in_demo_mode_a_plain_site_is_not(self):
        with site_hook(self.app["byn"]):
            self.assertTrue(getUtility(IRegistry)["bti.portal.oidc.demo_mode"])
        with site_hook(self.app["plone"]):
            self.assertFalse(getUtility(IRegistry)["bti.portal.oidc.demo_mode"])

    def test_site_without_demo_content_has_no_demo_users(self):
        portal = self.layer["app"]["plone"]
        self.assertIsNone(portal.acl_users.getUserById("redaktor"))


class TestCreateSitesCommand(unittest.TestCase):
    layer = DEMO_SITES_INTEGRATION_TESTING

    def test_second_run_reuses_the_sites(self):
        from bti.portal.commands.create_sites import create_missing_sites

        self.assertEqual(create_missing_sites(self.layer["app"], set()), [])
