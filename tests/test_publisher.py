"""Zope's form converters answer 400 for bad input (bti.portal.publisher)."""

from bti.portal import publisher
from bti.portal.testing import BTI_PORTAL_FUNCTIONAL_TESTING
from zExceptions import BadRequest
from ZPublisher import Converters

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
            self.assertIs(
                publisher.reader_message(raised.exception), publisher.FORM_VALUE
            )

    def test_good_values_convert_as_before(self):
        self.assertEqual(Converters.get_converter("int")("42"), 42)
        self.assertEqual(Converters.get_converter("lines")("a\nb"), ["a", "b"])


class TestOverHTTP(unittest.TestCase):
    layer = BTI_PORTAL_FUNCTIONAL_TESTING

    def test_a_mistyped_query_parameter_answers_400(self):
        url = self.layer["portal"].absolute_url()
        for query in ("x:int=abc", "b_start:int=1e99x", "d:date=not-a-date"):
            with self.subTest(query):
                response = requests.get(f"{url}?{query}", timeout=30)
                self.assertEqual(response.status_code, 400)
                self.assertNotIn("Traceback", response.text)
