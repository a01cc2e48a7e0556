"""Level-0 concern deadlines, due/overdue flags, invitation expiry."""

from bti.portal.domain import deadlines as d
from datetime import date

import unittest


NOTICED = date(2025, 3, 3)


class TestConcernDeadline(unittest.TestCase):
    def test_four_weeks(self):
        deadline = d.concern_deadline(NOTICED, 28)
        self.assertEqual(deadline, date(2025, 3, 31))
        self.assertFalse(d.is_overdue(deadline, date(2025, 3, 31)))
        self.assertTrue(d.is_overdue(deadline, date(2025, 4, 1)))

    def test_three_weeks(self):
        deadline = d.concern_deadline(NOTICED, 21)
        self.assertEqual(deadline, date(2025, 3, 24))
        self.assertTrue(d.is_overdue(deadline, date(2025, 3, 31)))

    def test_decided_concern_is_never_overdue(self):
        deadline = d.concern_deadline(NOTICED, 21)
        self.assertFalse(d.is_overdue(deadline, date(2025, 5, 1), done=True))
        self.assertEqual(d.flags(deadline, date(2025, 5, 1), done=True), [])

    def test_flags(self):
        deadline = d.concern_deadline(NOTICED, 28)  # 31 March
        self.assertEqual(d.flags(deadline, date(2025, 3, 23)), [])
        self.assertEqual(d.flags(deadline, date(2025, 3, 24)), [d.DUE_SOON])
        self.assertEqual(d.flags(deadline, date(2025, 3, 31)), [d.DUE_SOON])
        self.assertEqual(d.flags(deadline, date(2025, 4, 1)), [d.OVERDUE])
        self.assertEqual(
            d.flags(deadline, date(2025, 3, 20), within_days=14), [d.DUE_SOON]
        )
        self.assertIn(d.OVERDUE, d.MESSAGES)

    def test_days_must_be_positive(self):
        for days in (0, -7):
            with self.assertRaises(ValueError):
                d.concern_deadline(NOTICED, days)


class TestMonthsAndInvitations(unittest.TestCase):
    def test_add_months(self):
        self.assertEqual(d.add_months(date(2024, 1, 31), 1), date(2024, 2, 29))
        self.assertEqual(d.add_months(date(2025, 1, 31), 1), date(2025, 2, 28))
        self.assertEqual(d.add_months(date(2025, 12, 15), 1), date(2026, 1, 15))
        self.assertEqual(d.add_months(date(2024, 2, 29), 24), date(2026, 2, 28))
        self.assertEqual(d.add_months(date(2025, 3, 31), -1), date(2025, 2, 28))

    def test_invitation_valid_one_month(self):
        sent = date(2025, 5, 10)
        self.assertEqual(d.invitation_valid_until(sent), date(2025, 6, 10))
        self.assertFalse(d.invitation_expired(sent, date(2025, 6, 10)))
        self.assertTrue(d.invitation_expired(sent, date(2025, 6, 11)))

    def test_invitation_at_month_end(self):
        sent = date(2025, 1, 31)
        self.assertEqual(d.invitation_valid_until(sent), date(2025, 2, 28))
        self.assertTrue(d.invitation_expired(sent, date(2025, 3, 1)))


if __name__ == "__main__":
    unittest.main()
