"""bti.portal.domain.dashboard: the dashboard's date rules (pure Python)."""

from bti.portal.domain import dashboard as d
from datetime import date

import unittest


DAY = date(2026, 12, 3)


class TestDashboardRules(unittest.TestCase):
    def test_consent_flags(self):
        self.assertEqual(d.consent_flag(date(2026, 12, 2), DAY), d.EXPIRED)
        self.assertEqual(d.consent_flag(DAY, DAY), d.EXPIRING)  # the day is valid
        self.assertEqual(d.consent_flag(date(2027, 1, 2), DAY), d.EXPIRING)
        self.assertIsNone(d.consent_flag(date(2027, 1, 3), DAY))

    def test_idle(self):
        self.assertTrue(d.is_idle(date(2026, 10, 4), DAY, 60))
        self.assertFalse(d.is_idle(date(2026, 10, 5), DAY, 60))
        self.assertTrue(d.is_idle(None, DAY))
        with self.assertRaises(ValueError):
            d.is_idle(DAY, DAY, 0)

    def test_concern_flags(self):
        self.assertEqual(d.concern_flag(date(2026, 12, 2), DAY), d.OVERDUE)
        self.assertEqual(d.concern_flag(date(2026, 12, 10), DAY), d.DUE_SOON)
        self.assertIsNone(d.concern_flag(date(2026, 12, 11), DAY))

    def test_next_deadline_looks_back_too(self):
        """An open activity due 26.11 is the next deadline on 3.12, not 17.12."""
        first, overdue = d.next_deadline([date(2026, 12, 17), date(2026, 11, 26)], DAY)
        self.assertEqual((first, overdue), (date(2026, 11, 26), True))
        self.assertEqual(d.next_deadline([], DAY), (None, False))

    def test_activity_overdue_only_while_open(self):
        past = date(2026, 11, 26)
        self.assertTrue(d.activity_overdue(past, "started", DAY))
        self.assertFalse(d.activity_overdue(past, "done", DAY))
        self.assertFalse(d.activity_overdue(DAY, "planned", DAY))
        self.assertFalse(d.activity_overdue(None, "planned", DAY))
