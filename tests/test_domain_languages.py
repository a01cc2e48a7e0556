"""The browser's language (Accept-Language) as one of the portal's languages."""

from bti.portal.domain.languages import browser_choice
from bti.portal.domain.languages import wishes

import unittest


OFFERED = ("nb", "nn", "en", "ar", "uk")


class TestBrowserChoice(unittest.TestCase):
    def test_plain_and_regional_tags(self):
        self.assertEqual(browser_choice("ar", OFFERED), "ar")
        self.assertEqual(browser_choice("uk-UA,uk;q=0.9,en;q=0.8", OFFERED), "uk")
        self.assertEqual(browser_choice("ar-EG", OFFERED), "ar")

    def test_norwegian_aliases(self):
        self.assertEqual(browser_choice("no", OFFERED), "nb")
        self.assertEqual(browser_choice("nb-NO,nb;q=0.9", OFFERED), "nb")
        self.assertEqual(browser_choice("nn-NO", OFFERED), "nn")

    def test_weights_order_and_refuse(self):
        self.assertEqual(browser_choice("en;q=0.5, ar;q=0.9", OFFERED), "ar")
        self.assertEqual(browser_choice("ar;q=0, en", OFFERED), "en")
        self.assertEqual(wishes("de, EN-gb;q=0.8, en;q=0.7, *;q=0.1"), ["de", "en"])

    def test_nothing_offered_or_garbage(self):
        self.assertIsNone(browser_choice("de-DE,fr;q=0.8", OFFERED))
        self.assertIsNone(browser_choice("", OFFERED))
        self.assertIsNone(browser_choice(None, OFFERED))
        self.assertIsNone(browser_choice(";;;q=x,,*", OFFERED))
        self.assertEqual(browser_choice("ar;q=abc, uk", OFFERED), "uk")
