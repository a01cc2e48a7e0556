"""The statistics core: quarters, suppression of small numbers, tables, CSV, SVG."""

from bti.portal.domain import statistics as s
from bti.portal.domain.statistics import Quarter
from datetime import date
from xml.etree import ElementTree

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


class TestSuppression(unittest.TestCase):
    def test_small_numbers_are_hidden_zero_and_five_are_shown(self):
        shown, total = s.suppress_line([0, 1, 4, 5, 9])
        self.assertEqual(shown, [0, None, None, 5, 9])
        self.assertIsNone(total)

    def test_a_single_hidden_cell_hides_the_smallest_other_cell(self):
        # 3 + 6 + 8 = 17: with the total, the 3 would be 17 - 6 - 8.
        shown, total = s.suppress_line([3, 8, 6], 17)
        self.assertEqual(shown, [None, 8, None])
        self.assertEqual(total, 17)

    def test_two_hidden_cells_need_nothing_more(self):
        shown, total = s.suppress_line([3, 2, 6], 11)
        self.assertEqual(shown, [None, None, 6])
        self.assertEqual(total, 11)

    def test_a_small_total_is_hidden_too(self):
        self.assertEqual(s.suppress_line([3, 0, 0], 3), ([None, 0, 0], None))
        self.assertEqual(s.suppress_line([0, 0], 0), ([0, 0], 0))

    def test_no_hidden_cell_can_be_recomputed_from_its_line(self):
        """Every line of every table: a hidden cell is never alone beside a shown
        total (nor alone with only zeros, where the total would be it)."""
        for values in ([1, 9, 9, 9], [4, 0, 5], [2, 2, 0], [0, 0, 3, 12, 7], [6, 4]):
            shown, total = s.suppress_line(values, sum(values))
            hidden = [i for i, value in enumerate(shown) if value is None]
            if total is not None and hidden:
                self.assertGreaterEqual(len(hidden), 2, values)
                known = sum(value for value in shown if value is not None)
                self.assertNotIn(total - known, range(1, 5), values)

    def test_tables_share_their_totals(self):
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
        self.assertEqual(per_quarter.cells[s.CLOSED], {"2026Q3": 7, "2026Q4": 8})
        self.assertEqual(per_quarter.row_totals[s.CLOSED], 15)
        self.assertEqual(per_quarter.cells[s.CONCERN_NOTED]["2026Q4"], None)
        self.assertIsNone(per_quarter.row_totals[s.CONCERN_NOTED])
        self.assertEqual(found["per_unit"].col_totals[s.CLOSED], 15)
        # a: 8 closed, b: 7: both shown.
        self.assertEqual(found["per_unit"].cells["a"][s.CLOSED], 8)
        reasons = found["reasons_closed"]
        self.assertEqual(reasons.col_totals["total"], 15)
        # "moved" 2 is hidden, and so is goals_reached (13) beside the total.
        self.assertIsNone(reasons.cells["moved"]["total"])
        self.assertIsNone(reasons.cells["goals_reached"]["total"])
        self.assertEqual(reasons.cells["consent_withdrawn"]["total"], 0)
        level = found["per_level"]
        self.assertEqual(
            [level.cells[s.CLOSED][str(n)] for n in s.LEVELS], [0, None, None, 0, 0]
        )
        self.assertEqual(level.row_totals[s.CLOSED], 15)

    def test_csv_never_holds_a_small_number(self):
        q = Quarter(2026, 4)
        counts = [(s.make_key(q, "a", 1, s.LOG_STARTED), n) for n in (1,)]
        counts.append((s.make_key(q, "a", 2, s.ESCALATED), 5))
        rows = s.csv_rows(s.tables(counts, [q], ["a"]))
        self.assertEqual(rows[0], ["table", "row", "column", "value"])
        values = {row[3] for row in rows[1:]}
        self.assertLessEqual(values, {"0", "5", "<5"})
        self.assertIn(["per_quarter", "log_started", "2026Q4", "<5"], rows)
        self.assertIn(["per_unit", "total", "escalated", "5"], rows)


class TestChart(unittest.TestCase):
    def test_svg_with_title_desc_and_written_numbers(self):
        svg = s.bar_chart(
            "closed per quarter",
            "Logs closed <per> quarter",
            "Two quarters",
            [("2026Q3", 7), ("2026Q4", None)],
            suppressed_text="færre enn 5",
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
        self.assertEqual(texts, ["2026Q3", "7", "2026Q4", "færre enn 5"])
        self.assertEqual(len(root.findall(f"{ns}rect")), 2)
