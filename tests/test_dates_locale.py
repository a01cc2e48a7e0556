"""Dates in the reader's language (bti.portal.dates), never ISO."""

from bti.portal import dates
from bti.portal.testing import BTI_PORTAL_INTEGRATION_TESTING
from DateTime import DateTime
from datetime import date
from datetime import datetime
from datetime import UTC

import unittest


MOMENT = datetime(2026, 3, 5, 14, 5)


class TestFormats(unittest.TestCase):
    def test_a_day_in_each_language(self):
        expected = {
            "nb": "5. mars 2026",
            "nn": "5. mars 2026",
            "en": "5 March 2026",
            "ar": "5 مارس 2026",
            "uk": "5 березня 2026",
        }
        for language, text in expected.items():
            with self.subTest(language):
                self.assertEqual(dates.format_day(MOMENT, language), text)
                self.assertEqual(dates.format_day(MOMENT.date(), language), text)

    def test_months_in_their_own_words(self):
        day = date(2026, 12, 1)
        self.assertEqual(dates.format_day(day, "nn"), "1. desember 2026")
        self.assertEqual(dates.format_day(day, "uk"), "1 грудня 2026")  # genitive
        self.assertEqual(dates.format_day(day, "ar"), "1 ديسمبر 2026")

    def test_a_moment_has_the_time_on_a_24_hour_clock(self):
        self.assertEqual(dates.format_moment(MOMENT, "nb"), "5. mars 2026 kl. 14:05")
        self.assertEqual(dates.format_moment(MOMENT, "en"), "5 March 2026, 14:05")
        self.assertEqual(dates.format_moment(MOMENT, "ar"), "5 مارس 2026، 14:05")
        self.assertEqual(dates.format_moment(MOMENT, "uk"), "5 березня 2026, 14:05")

    def test_a_moment_is_written_as_its_pattern(self):
        """format_moment writes the day's text and the time; the same text
        as zope.i18n formatting the whole moment pattern (PATTERNS)."""
        moments = [
            datetime(2026, month, day, hour, minute)
            for month in (1, 3, 5, 12)
            for day in (1, 9, 28)
            for hour in (0, 7, 12, 23)
            for minute in (0, 5, 59)
        ]
        for language in dates.PATTERNS:
            for moment in moments:
                with self.subTest(language=language, moment=moment):
                    self.assertEqual(
                        dates.format_moment(moment, language),
                        dates._format(moment, language, 1),
                    )
                    self.assertEqual(
                        dates.format_day(moment, language),
                        dates._format(moment, language, 0),
                    )

    def test_negotiated_codes(self):
        self.assertEqual(dates.language_of("nb-NO"), "nb")
        self.assertEqual(dates.language_of("no"), "nb")
        self.assertEqual(dates.language_of("uk_UA"), "uk")
        self.assertIsNone(dates.language_of("de"))
        self.assertIsNone(dates.language_of(None))


class TestInTheRequestsLanguage(unittest.TestCase):
    layer = BTI_PORTAL_INTEGRATION_TESTING

    def read_as(self, language: str):
        self.layer["request"]["LANGUAGE"] = language
        self.addCleanup(self.layer["request"].set, "LANGUAGE", "nb")

    def test_day_text_follows_the_reader(self):
        for language, text in (("ar", "5 مارس 2026"), ("uk", "5 березня 2026")):
            with self.subTest(language):
                self.read_as(language)
                self.assertEqual(dates.day_text(date(2026, 3, 5)), text)
                self.assertNotIn("2026-03-05", dates.day_text(MOMENT))

    def test_time_text_in_the_sites_zone(self):
        self.read_as("uk")
        # 13:05 UTC is 14:05 in Oslo in March (the site's zone).
        value = datetime(2026, 3, 5, 13, 5, tzinfo=UTC)
        self.assertEqual(dates.time_text(value), "5 березня 2026, 14:05")

    def test_zope_datetime_too(self):
        self.read_as("nn")
        self.assertEqual(
            dates.time_text(DateTime("2026/03/05 13:05:00 UTC")),
            "5. mars 2026 kl. 14:05",
        )
        self.assertEqual(
            dates.day_text(DateTime("2026/03/05 13:05 UTC")), "5. mars 2026"
        )
