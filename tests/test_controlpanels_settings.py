"""The BTI settings control panel: classic form and @controlpanels."""

from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.app.testing import TEST_USER_PASSWORD
from plone.registry.interfaces import IRegistry
from plone.testing.zope import Browser
from zExceptions import Unauthorized
from zope.component import getUtility

import requests
import transaction
import unittest


class TestSettingsViewPermission(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]

    def view(self):
        return self.portal.restrictedTraverse("@@bti-settings")

    def test_site_administrator_may_open_it(self):
        setRoles(self.portal, TEST_USER_ID, ["Site Administrator"])
        self.assertIn("BTI-innstillinger", self.view()())

    def test_editor_may_not(self):
        setRoles(self.portal, TEST_USER_ID, ["Editor", "Reviewer"])
        with self.assertRaises(Unauthorized):
            self.view()


class TestSettingsForm(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.browser = Browser(self.layer["app"])
        self.browser.handleErrors = False
        self.browser.addHeader(
            "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
        )
        self.browser.open(self.portal.absolute_url() + "/@@bti-settings")

    def registry(self):
        transaction.begin()
        return getUtility(IRegistry)

    def test_save(self):
        form = self.browser.getForm(id="form")
        form.getControl(name="form.widgets.municipalities").value = "Bindal\nLeka"
        form.getControl(name="form.widgets.consent_age:list").value = ["15"]
        form.getControl(name="form.widgets.level0_deadline_days").value = "21"
        form.getControl(name="form.widgets.theme_colour").value = "#123456"
        form.getControl(name="form.buttons.save").click()
        registry = self.registry()
        self.assertEqual(registry["bti.portal.municipalities"], ["Bindal", "Leka"])
        self.assertEqual(registry["bti.portal.consent_age"], 15)
        self.assertEqual(registry["bti.portal.level0_deadline_days"], 21)
        self.assertEqual(registry["bti.portal.theme_colour"], "#123456")

    def test_bad_colour_is_refused_with_a_norwegian_message(self):
        form = self.browser.getForm(id="form")
        form.getControl(name="form.widgets.theme_colour").value = "blue"
        form.getControl(name="form.buttons.save").click()
        self.assertIn(
            "Skriv fargen som # og seks heksadesimale sifre", self.browser.contents
        )
        # The other values the user typed are still in the form.
        self.assertIn("Testkommune", self.browser.contents)
        self.assertEqual(self.registry()["bti.portal.theme_colour"], "#1d5d7a")

    def test_deadline_out_of_range_is_refused(self):
        form = self.browser.getForm(id="form")
        form.getControl(name="form.widgets.level0_deadline_days").value = "200"
        form.getControl(name="form.buttons.save").click()
        self.assertEqual(self.registry()["bti.portal.level0_deadline_days"], 28)

    def test_same_municipality_twice_is_refused(self):
        form = self.browser.getForm(id="form")
        form.getControl(name="form.widgets.municipalities").value = "Leka\nleka"
        form.getControl(name="form.buttons.save").click()
        self.assertIn("En kommune står oppført to ganger.", self.browser.contents)


class TestSettingsRestAPI(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.url = self.layer["portal"].absolute_url() + "/@controlpanels/bti-settings"
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        self.session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)

    def tearDown(self):
        self.session.close()

    def test_get(self):
        response = self.session.get(self.url)
        self.assertEqual(response.status_code, 200)
        data = response.json()["data"]
        self.assertEqual(data["municipalities"], ["Testkommune"])
        self.assertEqual(data["consent_age"]["token"], "16")
        self.assertEqual(data["consent_age"]["title"], "16 år")

    def test_patch(self):
        response = self.session.patch(self.url, json={"level0_deadline_days": 14})
        self.assertEqual(response.status_code, 204)
        transaction.begin()
        self.assertEqual(getUtility(IRegistry)["bti.portal.level0_deadline_days"], 14)

    def test_patch_bad_value_is_a_clear_400(self):
        response = self.session.patch(self.url, json={"consent_age": 18})
        self.assertEqual(response.status_code, 400)
        self.assertIn("consent_age", response.text)

    def test_staff_cannot_read_it(self):
        setRoles(self.layer["portal"], TEST_USER_ID, ["Member"])
        transaction.commit()
        response = requests.get(
            self.url,
            headers={"Accept": "application/json"},
            auth=(TEST_USER_NAME, TEST_USER_PASSWORD),
            timeout=60,
        )
        self.assertEqual(response.status_code, 401)
