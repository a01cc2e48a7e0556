"""The site's colour reads at 4.5:1 (WCAG 2.1 AA) on white and light grey."""

from bti.portal.domain.colour import contrast
from bti.portal.domain.colour import LIGHT_GREY
from bti.portal.domain.colour import readable

import unittest


class TestContrast(unittest.TestCase):
    def test_known_ratios(self):
        self.assertAlmostEqual(contrast("#000000", "#ffffff"), 21.0)
        self.assertAlmostEqual(contrast("#ffffff", "#ffffff"), 1.0)
        # Bootstrap's outline grey on a card footer, as axe measured it.
        self.assertAlmostEqual(contrast("#6c757d", LIGHT_GREY), 4.42, places=2)

    def test_a_dark_colour_stays(self):
        for colour in ("#1d5d7a", "#0b5e6b", "#7a3b12", "#2f5d2a"):
            self.assertEqual(readable(colour), colour)

    def test_a_light_colour_is_darkened_until_it_reads(self):
        for colour in ("#ffcc00", "#6c757d", "#ffffff", "#7fd1ff"):
            shade = readable(colour)
            self.assertNotEqual(shade, colour)
            self.assertGreaterEqual(contrast(shade, LIGHT_GREY), 4.5)
            self.assertGreaterEqual(contrast(shade, "#ffffff"), 4.5)
            # The same hue: each channel scaled by the same factor.
            self.assertLess(contrast(shade, LIGHT_GREY), 4.8)
