"""Zope's form converters answer 400 for bad input (bti.portal.publisher)."""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from bti.portal import publisher
from bti.portal.input_errors import reader_message
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone.app.testing import SITE_OWNER_NAME
from zExceptions import BadRequest
from zope.event import notify
from ZPublisher import Converters
from ZPublisher.pubevents import PubStart

import requests
import unittest


class TestConverters(unittest.TestCase):
    def test_a_bad_value_is_a_bad_request(self):
        for name, value in (("int", "abc"), ("float", "x"), ("date", "32.13.x")):
            with self.subTest(name), self.assertRaises(BadRequest) as raised:
                Converters.get_converter(name)(value)
            # A plain BadRequest (Zope's status comes from the class name),
            # with a message for the reader.
            self.assertIs(type(raised.exception), BadRequest)
            self.assertIs(reader_message(raised.exception), publisher.FORM_VALUE)

    def test_good_values_convert_as_before(self):
        self.assertEqual(Converters.get_converter("int")("42"), 42)
        self.assertEqual(Converters.get_converter("lines")("a\nb"), ["a", "b"])


class TestTheLastUserIsForgotten(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def test_before_the_form_is_read(self):
        """Zope reads the form before it forgets the previous request's user:
        an error there was rendered as them (a Manager's traceback for anyone)."""
        app = self.layer["app"]
        manager = app.acl_users.getUserById(SITE_OWNER_NAME)
        newSecurityManager(None, manager)
        self.assertEqual(getSecurityManager().getUser().getId(), SITE_OWNER_NAME)
        notify(PubStart(self.layer["request"]))
        self.assertIsNone(getSecurityManager().getUser().getId())  # anonymous


class TestOverHTTP(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def test_a_form_zope_cannot_read_answers_400(self):
        url = self.layer["portal"].absolute_url()
        for query in (
            "who:rot13=abc",  # an unknown encoding
            "who=a&who.x:record=1",  # a value and a record of one name
            "who.x:record=1&who.x:records=2",
            "who:utf8:ustring=%FF",
        ):
            with self.subTest(query):
                response = requests.get(f"{url}?{query}", timeout=30)
                self.assertEqual(response.status_code, 400)

    def test_the_page_says_so_in_the_browsers_language(self):
        """No site yet when the form is read: a page of its own, not Plone's
        English fallback."""
        url = self.layer["portal"].absolute_url()
        for language, words in (
            ("nb", "En verdi i adressen er ikke av den typen siden venter."),
            ("nn", "Ein verdi i adressa er ikkje av den typen sida ventar."),
            ("en", "A value in the address is not of the kind this page expects."),
            ("uk", "Значення в адресі не того типу, якого очікує ця сторінка."),
            ("ar", "إحدى القيم في العنوان ليست من النوع الذي تتوقعه هذه الصفحة."),
            ("de", "En verdi i adressen er ikke av den typen siden venter."),
        ):
            with self.subTest(language):
                response = requests.get(
                    f"{url}?x:int=abc",
                    headers={"Accept": "text/html", "Accept-Language": language},
                    timeout=30,
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn(words, response.text)
                self.assertNotIn("sorry", response.text)
                direction = "rtl" if language == "ar" else "ltr"
                self.assertIn(f'dir="{direction}"', response.text)

    def test_a_mistyped_query_parameter_answers_400(self):
        url = self.layer["portal"].absolute_url()
        for query in ("x:int=abc", "b_start:int=1e99x", "d:date=not-a-date"):
            with self.subTest(query):
                response = requests.get(f"{url}?{query}", timeout=30)
                self.assertEqual(response.status_code, 400)
                self.assertNotIn("Traceback", response.text)
