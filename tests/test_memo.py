"""bti.portal.memo: values kept for one request, per language and per site."""

from bti.portal import _
from bti.portal.memo import for_reader
from bti.portal.memo import tool
from bti.portal.memo import translated
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from plone import api
from zope.annotation.interfaces import IAnnotations

import unittest


class TestMemo(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def setUp(self):
        self.request = self.layer["request"]
        IAnnotations(self.request).pop("bti.portal.memo", None)

    def test_kept_per_language(self):
        calls = []

        def compute():
            calls.append(1)
            return len(calls)

        self.request["LANGUAGE"] = "nb"
        self.assertEqual(for_reader(("k",), compute), 1)
        self.assertEqual(for_reader(("k",), compute), 1)
        self.request["LANGUAGE"] = "en"
        self.assertEqual(for_reader(("k",), compute), 2)
        self.request["LANGUAGE"] = ""  # not negotiated: never kept
        self.assertEqual(for_reader(("k",), compute), 3)
        self.assertEqual(for_reader(("k",), compute), 4)

    def test_translated_is_the_translation(self):
        message = _("flag_overdue", default="Overdue")
        self.request["LANGUAGE"] = "nb"
        self.assertEqual(translated(message), api.portal.translate(message))
        self.assertEqual(translated(message), "Forfalt")
        memo = IAnnotations(self.request)["bti.portal.memo"]
        self.assertIn("Forfalt", memo.values())

    def test_tool_once_per_request(self):
        catalog = tool("portal_catalog")
        self.assertIs(tool("portal_catalog"), catalog)
        self.assertEqual(catalog.getId(), "portal_catalog")
        self.assertIsNot(tool("portal_workflow"), catalog)
