"""The statistics core: quarters, suppression of small numbers, tables, CSV, SVG."""

from bti.portal.domain import statistics as s
from bti.portal.domain.statistics import Quarter
from datetime import date
from xml.etree import ElementTree

import itertools
import unittest


class TestQuarters(unittest.TestCase):
    def test_parse_and_print(self):
        for text in ("2026Q4", "2026-Q4", "2026-4", " 2026q4 "):
            self.assertEqual(Quarter.parse(text), Quarter(2026, 4))
        self.assertEqual(str(Quarter(2026, 1)), "2026Q1")
        for bad in ("", "2026Q5", "2026Q0", "26Q1", "Q1", "2026-13", "<script>"):
            with self.assertRaises(ValueError, msg=bad):
                Quarter.parse(bad)

    def test_of_a_day_and_shifts(self):
        self.assertEqual(Quarter.of(date(2026, 3, 31)), Quarter(2026, 1))
        self.assertEqual(Quarter.of(date(2026, 4, 1)), Quarter(2026, 2))
        self.assertEqual(Quarter(2026, 1).shift(-1), Quarter(2025, 4))
        self.assertEqual(Quarter(2025, 4).shift(5), Quarter(2027, 1))

    def test_default_range_is_the_last_four_quarters(self):
        self.assertEqual(
            [str(q) for q in s.last_quarters(date(2026, 12, 3))],
            ["2026Q1", "2026Q2", "2026Q3", "2026Q4"],
        )
        self.assertEqual(
            [str(q) for q in s.last_quarters(date(2026, 2, 1))],
            ["2025Q2", "2025Q3", "2025Q4", "2026Q1"],
        )

    def test_reversed_or_long_ranges_are_refused(self):
        with self.assertRaises(ValueError):
            s.quarter_range(Quarter(2026, 2), Quarter(2026, 1))
        with self.assertRaises(ValueError):
            s.quarter_range(Quarter(2000, 1), Quarter(2026, 1))


class TestEvents(unittest.TestCase):
    def test_what_a_log_transition_counts_as(self):
        self.assertEqual(s.log_event("start", "draft", "level1"), (s.LOG_STARTED, 1))
        self.assertEqual(s.log_event("to_level3", "level1", "level3"), (s.ESCALATED, 3))
        self.assertIsNone(s.log_event("to_level1", "level2", "level1"))
        self.assertEqual(
            s.log_event("withdraw_consent", "level2", "passive"), (s.PASSIVE, 2)
        )
        # Closed while passive: the level it had before.
        self.assertEqual(
            s.log_event("close", "passive", "closed", ["draft", "level1", "level3"]),
            (s.CLOSED, 3),
        )
        self.assertIsNone(s.log_event("reopen", "closed", "level1"))
        # A level-3 log goes on as an individual plan.
        self.assertEqual(
            s.log_event("to_individual_plan", "level3", "individual_plan"),
            (s.INDIVIDUAL_PLAN, 3),
        )

    def test_keys_hold_no_more_than_the_dimensions(self):
        key = s.make_key(Quarter(2026, 4), "uid-1", 2, s.CLOSED, "moved")
        self.assertEqual(key, ("2026Q4", "uid-1", 2, "closed", "moved"))
        self.assertEqual(s.make_key(Quarter(2026, 4), "u", 4, s.INDIVIDUAL_PLAN)[4], "")
        with self.assertRaises(ValueError):
            s.make_key(Quarter(2026, 4), "u", 1, "gossip")
        with self.assertRaises(ValueError):
            s.make_key(Quarter(2026, 4), "u", 7, s.CLOSED)


class TestRounding(unittest.TestCase):
    def test_zero_is_zero_small_counts_hidden_the_rest_rounded_to_five(self):
        published = [s.publish(n) for n in (0, 1, 4, 5, 7, 8, 12, 13, 22, 23)]
        self.assertEqual(published, [0, None, None, 5, 5, 10, 10, 15, 20, 25])

    def test_what_a_published_number_can_stand_for(self):
        self.assertEqual(s.bounds(None), (1, 4))
        self.assertEqual(s.bounds(0), (0, 0))
        self.assertEqual(s.bounds(5), (5, 7))
        self.assertEqual(s.bounds(10), (8, 12))
        for n in range(60):
            low, high = s.bounds(s.publish(n))
            self.assertTrue(low <= n <= high, n)

    def test_a_line_that_would_pin_a_count(self):
        # 4 + 4 = 8: "<5", "<5" and the total 10 (8-12): both must be 4.
        self.assertTrue(s.pins([4, 4]))
        # 1 + 1 + 5 = 7: "<5", "<5", 5 (5-7) and 5 (5-7): 1, 1 and 5.
        self.assertTrue(s.pins([1, 1, 5]))
        for values in ([4, 5], [3, 3], [9], [0, 0], [2, 6, 0], [12, 1, 1]):
            self.assertFalse(s.pins(values), values)

    def test_no_line_leaves_one_possible_value_for_a_count(self):
        """Every line of up to three counts from 0 to 13: either the total is
        withheld, or each count that is not 0 can be at least two values, given
        every published cell and the total."""
        for values in itertools.product(range(14), repeat=3):
            if s.pins(values):
                continue
            total = s.bounds(s.publish(sum(values)))
            ranges = [s.bounds(s.publish(v)) for v in values]
            for i, value in enumerate(values):
                if not value:
                    continue
                possible = {
                    candidate
                    for candidate in range(ranges[i][0], ranges[i][1] + 1)
                    if any(
                        total[0] <= candidate + rest <= total[1]
                        for rest in _sums(ranges[:i] + ranges[i + 1 :])
                    )
                }
                self.assertGreater(len(possible), 1, values)

    def test_the_difference_of_all_units_and_one_unit_is_not_the_count(self):
        """The outside tester's attack: a leader of two units reads "all
        units" (9 logs started) and then one unit (5); 9 - 5 gave the other
        unit's 4. Now 10 - 5 = 5, and the numbers leave 1 to 4 possible."""
        q = Quarter(2026, 4)
        counts = [
            (s.make_key(q, "a", 1, s.LOG_STARTED), 5),
            (s.make_key(q, "b", 1, s.LOG_STARTED), 4),
        ]
        both = s.tables(counts, [q], ["a", "b"])
        only_a = s.tables(counts, [q], ["a"])
        total = both["per_quarter"].row_totals[s.LOG_STARTED]
        unit_a = only_a["per_quarter"].row_totals[s.LOG_STARTED]
        self.assertEqual((total, unit_a), (10, 5))
        self.assertEqual(both["per_unit"].cells["a"][s.LOG_STARTED], unit_a)
        self.assertIsNone(both["per_unit"].cells["b"][s.LOG_STARTED])
        self.assertNotEqual(total - unit_a, 4)
        low, high = s.bounds(total)
        low_a, high_a = s.bounds(unit_a)
        possible = {
            b for b in range(1, 5) if low <= b + low_a <= high or low <= b + high_a
        }
        self.assertEqual(possible, {1, 2, 3, 4})
        # Across quarters too: Q3+Q4 minus Q4 alone is no exact count.
        counts.append((s.make_key(q.shift(-1), "a", 1, s.LOG_STARTED), 3))
        two = s.tables(counts, [q.shift(-1), q], ["a", "b"])
        one = s.tables(counts, [q], ["a", "b"])
        difference = (
            two["per_quarter"].row_totals[s.LOG_STARTED]
            - one["per_quarter"].row_totals[s.LOG_STARTED]
        )
        self.assertEqual(difference, 0)  # 12 -> 10, 9 -> 10: not 3

    def test_a_total_that_would_pin_is_withheld_everywhere(self):
        q = Quarter(2026, 4)
        counts = [
            (s.make_key(q, "a", 1, s.CLOSED, "goals_reached"), 4),
            (s.make_key(q, "a", 2, s.CLOSED, "moved"), 4),
        ]
        found = s.tables(counts, [q.shift(-1), q], ["a", "b"])
        self.assertIs(found["per_quarter"].row_totals[s.CLOSED], s.WITHHELD)
        self.assertIs(found["per_level"].row_totals[s.CLOSED], s.WITHHELD)
        self.assertIs(found["reasons_closed"].col_totals["total"], s.WITHHELD)
        self.assertIs(found["per_unit"].col_totals[s.CLOSED], s.WITHHELD)
        # The cells that are this total on another page are withheld too.
        self.assertIs(found["per_quarter"].cells[s.CLOSED]["2026Q4"], s.WITHHELD)
        self.assertIs(found["per_unit"].cells["a"][s.CLOSED], s.WITHHELD)
        self.assertEqual(found["per_level"].cells[s.CLOSED]["1"], None)
        alone = s.tables(counts, [q], ["a"])
        self.assertIs(alone["per_quarter"].row_totals[s.CLOSED], s.WITHHELD)
        self.assertIsNone(found["per_unit"].as_dict()["column_totals"][s.CLOSED])

    def test_tables_share_their_rounded_totals(self):
        q = Quarter(2026, 4)
        counts = [
            (s.make_key(q, "a", 1, s.CLOSED, "goals_reached"), 6),
            (s.make_key(q, "a", 2, s.CLOSED, "moved"), 2),
            (s.make_key(q.shift(-1), "b", 1, s.CLOSED, "goals_reached"), 7),
            (s.make_key(q, "b", 0, s.CONCERN_NOTED), 3),
            (s.make_key(q.shift(-9), "b", 0, s.CONCERN_NOTED), 50),  # not chosen
            (s.make_key(q, "c", 0, s.CONCERN_NOTED), 40),  # unit not chosen
        ]
        found = s.tables(counts, [q.shift(-1), q], ["a", "b"])
        per_quarter = found["per_quarter"]
        # 7 -> 5, 8 -> 10; their total 15 -> 15.
        self.assertEqual(per_quarter.cells[s.CLOSED], {"2026Q3": 5, "2026Q4": 10})
        self.assertEqual(per_quarter.row_totals[s.CLOSED], 15)
        self.assertEqual(per_quarter.cells[s.CONCERN_NOTED]["2026Q4"], None)
        self.assertIsNone(per_quarter.row_totals[s.CONCERN_NOTED])
        self.assertEqual(found["per_unit"].col_totals[s.CLOSED], 15)
        self.assertEqual(found["per_unit"].cells["a"][s.CLOSED], 10)
        self.assertEqual(found["per_unit"].cells["b"][s.CLOSED], 5)
        reasons = found["reasons_closed"]
        self.assertEqual(reasons.col_totals["total"], 15)
        self.assertIsNone(reasons.cells["moved"]["total"])
        self.assertEqual(reasons.cells["goals_reached"]["total"], 15)  # 13
        self.assertEqual(reasons.cells["consent_withdrawn"]["total"], 0)
        level = found["per_level"]
        self.assertEqual(
            [level.cells[s.CLOSED][str(n)] for n in s.LEVELS], [0, 15, None, 0, 0]
        )
        self.assertEqual(level.row_totals[s.CLOSED], 15)

    def test_the_json_holds_no_true_count(self):
        q = Quarter(2026, 4)
        counts = [(s.make_key(q, "a", 1, s.LOG_STARTED), 7)]
        counts.append((s.make_key(q, "a", 2, s.ESCALATED), 3))
        found = s.tables(counts, [q], ["a"])
        numbers = set()
        for table in found.values():
            data = table.as_dict()
            for values in [*data["cells"].values(), data["row_totals"]]:
                numbers |= set(values.values())
            numbers |= set(data["column_totals"].values())
        self.assertEqual(numbers, {0, 5, None})  # 7 is 5, 3 is hidden

    def test_csv_never_holds_a_small_number(self):
        q = Quarter(2026, 4)
        counts = [(s.make_key(q, "a", 1, s.LOG_STARTED), 1)]
        counts.append((s.make_key(q, "a", 2, s.ESCALATED), 6))
        rows = s.csv_rows(s.tables(counts, [q], ["a"]))
        self.assertEqual(rows[0], ["table", "row", "column", "value"])
        values = {row[3] for row in rows[1:]}
        self.assertLessEqual(values, {"0", "5", "<5"})
        self.assertIn(["per_quarter", "log_started", "2026Q4", "<5"], rows)
        self.assertIn(["per_unit", "total", "escalated", "5"], rows)


def _sums(ranges):
    """Every sum one value from each (low, high) range can make."""
    found = {0}
    for low, high in ranges:
        found = {a + b for a in found for b in range(low, high + 1)}
    return found


class TestChart(unittest.TestCase):
    def test_svg_with_title_desc_and_written_numbers(self):
        svg = s.bar_chart(
            "closed per quarter",
            "Logs closed <per> quarter",
            "Two quarters",
            [("2026Q3", 10), ("2026Q4", None), ("2027Q1", s.WITHHELD)],
            suppressed_text="færre enn 5",
            withheld_text="ikke vist",
        )
        root = ElementTree.fromstring(svg)  # noqa: S314 (our own markup)
        ns = "{http://www.w3.org/2000/svg}"
        self.assertEqual(root.get("role"), "img")
        self.assertEqual(root.get("id"), "closed-per-quarter")
        self.assertEqual(
            root.get("aria-labelledby"),
            "closed-per-quarter-title closed-per-quarter-desc",
        )
        self.assertEqual(root.find(f"{ns}title").text, "Logs closed <per> quarter")
        texts = [t.text for t in root.iter(f"{ns}text")]
        self.assertEqual(
            texts,
            ["2026Q3", "10", "2026Q4", "færre enn 5", "2027Q1", "ikke vist"],
        )
        self.assertEqual(len(root.findall(f"{ns}rect")), 3)
