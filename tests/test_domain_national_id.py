"""National identity numbers: validation, D-numbers, century rules, age, masking."""

from bti.portal.domain import national_id as nid
from datetime import date

import random
import unittest


W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def control(digits: str, weights) -> int | None:
    """Independent mod-11 check digit (does not use the module under test)."""
    k = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return {11: 0, 10: None}.get(k, k)


def make(born: date, individual: int = 0, *, d: bool = False, h: bool = False) -> str:
    """A valid number for ``born``: the first individual number from ``individual``
    (same century range) that has valid check digits."""
    day = born.day + (40 if d else 0)
    month = born.month + (40 if h else 0)
    for ind in range(individual, individual + 50):
        nine = f"{day:02d}{month:02d}{born.year % 100:02d}{ind:03d}"
        k1 = control(nine, W1)
        if k1 is None:
            continue
        k2 = control(nine + str(k1), W2)
        if k2 is None:
            continue
        return f"{nine}{k1}{k2}"
    raise AssertionError("no valid number found")


def reason(value, **options) -> str:
    with unittest.TestCase().assertRaises(nid.InvalidNationalId) as caught:
        nid.parse(value, **options)
    return caught.exception.reason


class TestValid(unittest.TestCase):
    def test_hand_computed_number(self):
        # 0*3+1*7+0*6+1*1+9*8+0*9+1*4+2*5+4*2 = 102, 102 % 11 = 3, k1 = 8;
        # 0*5+1*4+0*3+1*2+9*7+0*6+1*5+2*4+4*3+8*2 = 110, 110 % 11 = 0, k2 = 0.
        parsed = nid.parse("01019012480")
        self.assertEqual(parsed.birth_date, date(1990, 1, 1))
        self.assertFalse(parsed.is_d_number)
        self.assertEqual(parsed.value, "01019012480")

    def test_generated_numbers_parse_to_their_birth_date(self):
        rng = random.Random(4)  # noqa: S311 (seeded test data, not crypto)
        for _ in range(300):
            born = date(2000, 1, 1).fromordinal(
                rng.randint(
                    date(1941, 1, 1).toordinal(), date(2024, 12, 31).toordinal()
                )
            )
            individual = rng.choice((0, 250, 450)) if born.year < 2000 else 500
            if born.year < 2000 and rng.random() < 0.3:
                individual = 900  # 1940-1999 may also use 900-999
            value = make(born, individual)
            with self.subTest(value=value):
                self.assertEqual(nid.parse(value).birth_date, born)
                self.assertTrue(nid.is_valid(value))

    def test_check_digits_helper_agrees(self):
        value = make(date(2015, 6, 30), 512)
        self.assertEqual(nid.check_digits(value[:9]), value[9:])

    def test_whitespace_is_ignored(self):
        value = make(date(2012, 3, 4), 600)
        self.assertEqual(
            nid.parse(f" {value[:6]} {value[6:]}\n").birth_date, date(2012, 3, 4)
        )


class TestInvalid(unittest.TestCase):
    def test_wrong_check_digits(self):
        value = make(date(2010, 5, 17), 520)
        for position in (9, 10):
            wrong = str((int(value[position]) + 1) % 10)
            bad = value[:position] + wrong + value[position + 1 :]
            with self.subTest(position=position):
                self.assertEqual(reason(bad), nid.CHECK_DIGIT)
                self.assertFalse(nid.is_valid(bad))

    def test_no_valid_first_check_digit(self):
        # 010190123: weighted sum 100, 100 % 11 = 1, so k1 would be 10: never valid.
        self.assertIsNone(nid.check_digits("010190123"))
        for tail in ("00", "45", "99"):
            self.assertEqual(reason("010190123" + tail), nid.CHECK_DIGIT)

    def test_transposed_digits_are_caught(self):
        value = make(date(2011, 11, 22), 555)
        swapped = value[:6] + value[7] + value[6] + value[8:]
        if swapped != value:
            self.assertEqual(reason(swapped), nid.CHECK_DIGIT)

    def test_wrong_length(self):
        value = make(date(2016, 2, 3), 700)
        for bad in (value[:10], value + "0", "", None, "123"):
            with self.subTest(bad=bad):
                self.assertEqual(reason(bad), nid.LENGTH)

    def test_non_digits(self):
        value = make(date(2016, 2, 3), 700)
        for bad in (
            value[:10] + "a",
            value.replace(value[3], "O", 1),
            value[:6] + "-" + value[6:],
            "٠" * 11,
            "１" * 11,
        ):
            with self.subTest(bad=bad):
                self.assertEqual(reason(bad), nid.DIGITS)

    def test_impossible_dates(self):
        # Valid check digits, impossible dates.
        for day, month in ((31, 2), (32, 1), (0, 5), (15, 13), (15, 0), (31, 4)):
            value = self._valid_with_prefix(f"{day:02d}{month:02d}10", 500)
            with self.subTest(value=value):
                self.assertEqual(reason(value), nid.DATE)

    def test_leap_day_depends_on_century(self):
        # 29.02.00 with individual number 000-499 is 1900 (no leap year): invalid.
        self.assertEqual(reason(self._valid_with_prefix("290200", 100)), nid.DATE)
        # With 500-999 it is 2000, a leap year.
        value = self._valid_with_prefix("290200", 500)
        self.assertEqual(nid.parse(value).birth_date, date(2000, 2, 29))

    def test_future_birth_date_refused_with_today(self):
        value = make(date(2030, 1, 1), 500)
        self.assertEqual(nid.parse(value).birth_date, date(2030, 1, 1))
        self.assertEqual(reason(value, today=date(2025, 6, 1)), nid.DATE)

    def test_error_never_carries_the_number(self):
        value = make(date(2010, 5, 17), 520)
        bad = value[:10] + str((int(value[10]) + 1) % 10)
        with self.assertRaises(nid.InvalidNationalId) as caught:
            nid.parse(bad)
        self.assertNotIn(bad, str(caught.exception))
        self.assertNotIn(bad[6:], repr(caught.exception))
        self.assertIn(caught.exception.reason, nid.MESSAGES)

    @staticmethod
    def _valid_with_prefix(prefix6: str, individual: int) -> str:
        for ind in range(individual, individual + 50):
            nine = f"{prefix6}{ind:03d}"
            tail = nid.check_digits(nine)
            if tail:
                return nine + tail
        raise AssertionError("no number")


class TestDAndHNumbers(unittest.TestCase):
    def test_d_number(self):
        value = make(date(1985, 7, 9), 300, d=True)
        self.assertEqual(value[0], "4")
        parsed = nid.parse(value)
        self.assertTrue(parsed.is_d_number)
        self.assertEqual(parsed.birth_date, date(1985, 7, 9))

    def test_d_number_day_31(self):
        value = make(date(2019, 12, 31), 800, d=True)
        self.assertEqual(value[:2], "71")
        self.assertEqual(nid.parse(value).birth_date, date(2019, 12, 31))

    def test_d_number_with_impossible_day(self):
        prefix = "720119"  # day 72 - 40 = 32
        value = TestInvalid._valid_with_prefix(prefix, 600)
        self.assertEqual(reason(value), nid.DATE)

    def test_h_number_refused_unless_allowed(self):
        value = make(date(2018, 3, 14), 600, h=True)
        self.assertEqual(value[2:4], "43")
        self.assertEqual(reason(value), nid.H_NUMBER)
        parsed = nid.parse(value, allow_h_number=True)
        self.assertTrue(parsed.is_h_number)
        self.assertEqual(parsed.birth_date, date(2018, 3, 14))

    def test_synthetic_test_numbers_refused(self):
        # Test numbers with month + 80 are not real identities.
        value = TestInvalid._valid_with_prefix("018590", 100)
        self.assertEqual(reason(value), nid.DATE)


class TestCentury(unittest.TestCase):
    CASES = (
        # (two-digit year, individual number, expected year or None)
        (99, 0, 1999),
        (0, 499, 1900),
        (54, 500, 1854),
        (99, 749, 1899),
        (53, 600, None),  # 500-749 only covers 1854-1899 in the 1800s
        (0, 500, 2000),
        (39, 999, 2039),
        (39, 750, 2039),
        (40, 900, 1940),
        (99, 999, 1999),
        (40, 899, None),  # 750-899 was never used before 2000
        (60, 750, None),
        (40, 500, None),
    )

    def test_century_rules(self):
        for yy, individual, expected in self.CASES:
            with self.subTest(yy=yy, individual=individual):
                self.assertEqual(nid.century_year(yy, individual), expected)

    def test_century_rules_through_parse(self):
        # Search individual numbers n..n+49: this stays within each case's range.
        cases = [(yy, ind, year) for yy, ind, year in self.CASES]
        cases += [(99, 700, 1899), (0, 450, 1900), (39, 950, 2039), (99, 950, 1999)]
        cases = [(yy, ind, year) for yy, ind, year in cases if ind % 50 == 0]
        self.assertGreater(len(cases), 10)
        for yy, individual, expected in cases:
            value = TestInvalid._valid_with_prefix(f"0106{yy:02d}", individual)
            with self.subTest(value=value):
                if expected is None:
                    self.assertEqual(reason(value), nid.DATE)
                else:
                    self.assertEqual(nid.parse(value).birth_date.year, expected)


class TestAge(unittest.TestCase):
    def test_age_on(self):
        born = date(2010, 5, 17)
        self.assertEqual(nid.age_on(born, date(2025, 5, 16)), 14)
        self.assertEqual(nid.age_on(born, date(2025, 5, 17)), 15)
        self.assertEqual(nid.age_on(born, date(2025, 12, 31)), 15)
        self.assertEqual(nid.age_on(born, born), 0)

    def test_leap_day_birthday(self):
        born = date(2008, 2, 29)
        self.assertEqual(nid.age_on(born, date(2024, 2, 28)), 15)
        self.assertEqual(nid.age_on(born, date(2024, 2, 29)), 16)
        self.assertEqual(nid.age_on(born, date(2025, 2, 28)), 16)
        self.assertEqual(nid.age_on(born, date(2025, 3, 1)), 17)

    def test_before_birth(self):
        with self.assertRaises(ValueError):
            nid.age_on(date(2020, 1, 2), date(2020, 1, 1))

    def test_age_from_parsed_number(self):
        parsed = nid.parse(make(date(2009, 9, 1), 520))
        self.assertEqual(parsed.age_on(date(2025, 8, 31)), 15)
        self.assertEqual(parsed.age_on(date(2025, 9, 1)), 16)


class TestMask(unittest.TestCase):
    def test_mask_shows_birth_date_part_only(self):
        value = make(date(1990, 1, 1), 124)
        self.assertEqual(nid.mask(value), "010190*****")
        self.assertEqual(nid.parse(value).masked, "010190*****")
        self.assertEqual(nid.mask("010190 12480"), "010190*****")

    def test_mask_of_garbage_hides_everything(self):
        for value in (None, "", "12345", "Ola Nordmann", "0101x012345"):
            with self.subTest(value=value):
                self.assertEqual(nid.mask(value), "***********")

    def test_repr_hides_the_number(self):
        value = make(date(2013, 4, 5), 530)
        parsed = nid.parse(value)
        self.assertNotIn(value, repr(parsed))
        self.assertNotIn(value, str(parsed))
        self.assertIn("2013", repr(parsed))


class TestCouldBe(unittest.TestCase):
    """For masking server logs: check digits, day and month."""

    def test_real_d_and_synthetic_numbers_could_be(self):
        for first in ("010315512", "410315512", "018115100"):
            digits = nid.check_digits(first)
            with self.subTest(first):
                self.assertTrue(nid.could_be(first + digits))

    def test_wrong_check_digits_day_or_length_are_not(self):
        good = "010315512" + nid.check_digits("010315512")
        wrong = good[:9] + str((int(good[9]) + 1) % 10) + good[10]
        for value in (wrong, good[:10], good + "1", "0" * 11, "abcdefghijk"):
            with self.subTest(value):
                self.assertFalse(nid.could_be(value))


if __name__ == "__main__":
    unittest.main()
