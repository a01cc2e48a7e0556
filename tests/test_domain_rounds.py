"""Control rounds: round days, the due round, checklists, notes, absences."""

from bti.portal.domain import rounds as r
from datetime import date

import unittest


class TestRoundDays(unittest.TestCase):
    def test_due_day_is_the_latest_round_day_on_or_before_today(self):
        self.assertEqual(r.due_day(date(2026, 6, 15)), date(2026, 6, 15))
        self.assertEqual(r.due_day(date(2026, 6, 14)), date(2026, 2, 15))
        self.assertEqual(r.due_day(date(2026, 1, 3)), date(2025, 10, 15))
        self.assertEqual(r.next_day(date(2026, 10, 15)), date(2027, 2, 15))

    def test_settings_days(self):
        days = ["1.3", "01-09", "bad", "30-02", ""]
        self.assertEqual(r.round_days(days), [(3, 1), (9, 1)])
        self.assertEqual(r.due_day(date(2026, 8, 31), days), date(2026, 3, 1))
        # Nothing valid: the defaults.
        self.assertEqual(r.round_days(["29-02"]), [(2, 15), (6, 15), (10, 15)])
        with self.assertRaises(r.RoundError):
            r.parse_day_month("15-13")

    def test_due_until_closed_and_reminded_weekly(self):
        self.assertTrue(r.is_due(date(2026, 6, 20), {"2026-02-15"}))
        self.assertFalse(r.is_due(date(2026, 6, 20), {"2026-06-15"}))
        self.assertTrue(r.remind_today(date(2026, 6, 15)))
        self.assertFalse(r.remind_today(date(2026, 6, 16)))
        self.assertTrue(r.remind_today(date(2026, 6, 22)))


class TestChecklist(unittest.TestCase):
    def test_checks(self):
        values = r.check_values({"holder_present": True, "next_meeting": None})
        self.assertEqual(list(values), list(r.CHECKS))
        self.assertIsNone(values["plan_current"])
        for bad in ({"holder_present": "yes"}, {"name": True}, ["holder_present"]):
            with self.assertRaises(r.RoundError):
                r.check_values(bad)

    def test_note(self):
        self.assertEqual(
            r.check_note("  Plan  to update\n soon "), "Plan to update soon"
        )
        self.assertEqual(r.check_note(None), "")
        for bad, code in (
            ("x" * (r.NOTE_MAX + 1), "round_note_too_long"),
            ("see 010315 51234", "round_note_national_id"),
            (42, "round_note_invalid"),
        ):
            with self.assertRaises(r.RoundError) as caught:
                r.check_note(bad)
            self.assertEqual(caught.exception.code, code)

    def test_holder_present(self):
        away = {"ola": [(date(2026, 6, 1), date(2026, 6, 30))]}
        day = date(2026, 6, 15)
        self.assertTrue(r.holder_present(["kari"], {"kari", "ola"}, away, day))
        self.assertFalse(r.holder_present(["ola"], {"kari", "ola"}, away, day))
        self.assertTrue(r.holder_present(["ola"], {"ola"}, away, date(2026, 7, 1)))
        self.assertFalse(r.holder_present(["per"], {"kari"}, away, day))
        self.assertIsNone(r.holder_present([], {"kari"}, away, day))

    def test_absence(self):
        with self.assertRaises(r.RoundError):
            r.check_absence(date(2026, 6, 2), date(2026, 6, 1))
        with self.assertRaises(r.RoundError):
            r.parse_day("15.06.2026")
        self.assertEqual(r.parse_day("2026-06-15"), date(2026, 6, 15))
