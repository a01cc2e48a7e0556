"""The guide's forms (collective.easyform): stored and mailed on submit."""

from bti.portal.distributions.content_tree import create_tree
from bti.portal.distributions.demo import read_json
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_MAIL_FUNCTIONAL_TESTING
from bti.portal.testing import use_smtp_server
from collective.easyform.api import get_actions
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.testing.zope import Browser

import requests
import transaction
import unittest


class TestForms(unittest.TestCase):
    layer = BTI_PORTAL_MAIL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        use_smtp_server(self.portal, self.layer["smtp_port"])
        api.portal.set_registry_record(
            "bti.portal.forms_email", "postmottak@example.org"
        )
        self.created = create_tree(self.portal, read_json("nb/forms.json")["items"])
        transaction.commit()
        self.layer["smtp"].clear()

    def test_three_forms_each_stores_and_mails(self):
        forms = [obj for obj in self.created.values() if obj.portal_type == "EasyForm"]
        self.assertEqual(len(forms), 3)
        for form in forms:
            names = set(get_actions(form))
            self.assertEqual(names, {"mailer", "savedata"}, form.getId())

    def test_parents_request_is_stored_and_mailed(self):
        form = self.created["form-foreldre-ber"]
        browser = Browser(self.layer["app"])
        browser.handleErrors = False
        browser.open(form.absolute_url())
        self.assertIn("Skriv ikke fødselsnummer", browser.contents)
        browser.getControl(name="form.widgets.child_first_name").value = "Sara"
        browser.getControl(name="form.widgets.child_birth_year").value = "2019"
        browser.getControl(name="form.widgets.service").value = "Solsikken barnehage"
        browser.getControl(name="form.widgets.parent_name").value = "Kari Nordmann"
        browser.getControl(name="form.widgets.parent_phone").value = "40000000"
        browser.getControl(
            name="form.widgets.reason"
        ).value = "Hun strever med å finne venner."
        browser.getControl(name="form.widgets.both_parents:list").value = ["Ja"]
        browser.getControl(name="form.buttons.submit").click()
        self.assertIn("Takk! Tjenesten tar kontakt med deg.", browser.contents)

        transaction.begin()
        self.assertEqual(get_actions(form)["savedata"].itemsSaved(), 1)
        (message,) = self.layer["smtp"].messages
        self.assertEqual(message["To"], "postmottak@example.org")
        self.assertEqual(message["Subject"], "Forespørsel om stafettlogg")
        self.assertIn(
            "Hun strever med å finne venner.", message.get_body().get_content()
        )

    def test_missing_required_field_keeps_what_was_typed(self):
        form = self.created["form-foreldre-ber"]
        browser = Browser(self.layer["app"])
        browser.open(form.absolute_url())
        browser.getControl(name="form.widgets.child_first_name").value = "Sara"
        browser.getControl(name="form.buttons.submit").click()
        self.assertIn("Sara", browser.contents)  # nothing lost
        transaction.begin()
        self.assertEqual(get_actions(form)["savedata"].itemsSaved(), 0)
        self.assertEqual(self.layer["smtp"].messages, [])


class TestFormsAsJSON(unittest.TestCase):
    """Every reader gets a form as JSON; only managers get its saved input."""

    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.created = create_tree(self.portal, read_json("nb/forms.json")["items"])
        self.form = self.created["form-foreldre-ber"]
        transaction.commit()

    def get(self, auth=None):
        return requests.get(
            self.form.absolute_url(),
            headers={"Accept": "application/json"},
            auth=auth,
            timeout=30,
        )

    def test_anonymous_gets_the_form_without_saved_input(self):
        response = self.get()
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(response.json()["@type"], "EasyForm")
        self.assertNotIn("savedDataStorage", response.json())

    def test_manager_gets_saved_input(self):
        response = self.get(auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD))
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertIn("savedDataStorage", response.json())
