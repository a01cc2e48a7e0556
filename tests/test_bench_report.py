"""make bench's arithmetic: wrk's output read, ratios, growth, targets, tables
(bench/wrk_report.py, users.py, cluster.py; the benchmark itself is never run
by the tests)."""

from pathlib import Path

import sys
import unittest


sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import cluster
import users
import wrk_report as w


WRK = """Running 3s test @ http://127.0.0.1:8108/guide.html
  2 threads and 20 connections
BENCH {"requests": 3000, "duration_us": 3000000, "p50_us": 1500, "p95_us": 9000, \
"p99_us": 12000, "mean_us": 2000.5, "ok": 2990, "bad": 10, "errors": 2}
"""


class ReportCase(unittest.TestCase):
    def result(self, name="a", requests=3000, p50=1500, p95=9000, logs=0):
        line = WRK.replace('"requests": 3000', f'"requests": {requests}')
        line = line.replace('"p50_us": 1500', f'"p50_us": {p50}')
        line = line.replace('"p95_us": 9000', f'"p95_us": {p95}')
        return w.parse_wrk(name, line, logs=logs)

    def test_parse(self):
        result = self.result()
        self.assertEqual(result.rps, 1000)
        self.assertEqual((result.p50_ms, result.p95_ms), (1.5, 9.0))
        self.assertEqual((result.ok, result.bad, result.errors), (2990, 10, 2))
        silent = WRK.replace('"requests": 3000', '"requests": 0')
        self.assertEqual(w.parse_wrk("x", silent).p95_ms, float("inf"))
        with self.assertRaises(ValueError):
            w.parse_wrk("x", "wrk: connection refused")

    def test_ratio_growth_and_checks(self):
        fast, slow = self.result(requests=3000), self.result(requests=1200)
        self.assertAlmostEqual(w.ratio(slow, fast), 0.4)
        self.assertIsNone(w.ratio(slow, None))
        small, large = self.result(p50=20000, logs=1000), self.result(p50=26000)
        self.assertAlmostEqual(w.growth(small, large), 1.3)
        self.assertEqual(w.verdict(w.at_least("r", 0.4, 0.5)), "FAIL")
        self.assertEqual(w.verdict(w.at_least("r", 0.6, 0.5)), "PASS")
        self.assertEqual(w.verdict(w.at_most("p95", 9.0, 10)), "PASS")
        self.assertEqual(w.verdict(w.at_most("p95", 11.0, 10)), "FAIL")
        self.assertEqual(w.verdict(w.at_most("p95", None, 10)), "-")

    def test_tables(self):
        fast, slow = self.result("nginx"), self.result("zope", requests=300, logs=10)
        table = w.results_table([fast, slow], fast)
        self.assertIn("| zope | 10 | 100 | 1.5 | 9.0 | 2990 | 12 | 0.10 |", table)
        rows = [(slow.name, [self.result(p50=1000, logs=1), self.result(p50=1200)])]
        self.assertIn("| 1.20 |", w.growth_table(rows))
        write = {"name": "one log", "requests": 50, "sent": 49, "failed": 1}
        self.assertIn(
            "| one log | 50 | 49 | 1 | 49 | 300 |",
            w.writes_table([{**write, "stored": 49, "p95_ms": 300.0}]),
        )


class UsersAndClusterCase(unittest.TestCase):
    def test_percentiles_and_lost_writes(self):
        self.assertEqual(users.percentile(list(range(1, 101)), 95), 95)
        self.assertEqual(users.percentile([300, 10, 20], 50), 20)
        self.assertEqual(users.percentile([], 95), float("inf"))
        write = users.UsersResult("one log", [100.0, 500.0], ok=2, failed=0, seconds=1)
        write.stored = 1  # answered 201 twice, stored once: one lost
        read = users.UsersResult("log page", [90.0], ok=1, failed=0, seconds=1)
        self.assertEqual(users.lost([write, read]), 1)
        self.assertIsNone(users.lost([read]))
        self.assertEqual(users.worst_p95([write, read], ["log page"]), 90.0)

    def test_ratio_per_process(self):
        self.assertAlmostEqual(cluster.row("g", 1, 10.0, 17.0)["ratio"], 0.85)
        self.assertIsNone(cluster.row("g", 1, 0.0, 17.0)["ratio"])
        table = cluster.table([cluster.row("g", 1, 10.0, 15.0)])
        self.assertIn("| g | 1 | 10.0 | 15.0 | 0.75 | FAIL |", table)
        rounds = [cluster.row("g", 1, 10.0, 12.0), cluster.row("g", 2, 6.0, 14.0)]
        total = "| g, all rounds | 2 | 16.0 | 26.0 | 0.81 | PASS |"
        self.assertIn(total, cluster.table(rounds))

    def test_people_checks_on_the_processes(self):
        on = f"on {cluster.ZOPES} processes"
        people = [
            users.UsersResult(f"guide page, anonymous, {on}", [90.0], 1, 0, 1),
            users.UsersResult(f"log page as holder, {on}", [120.0, 300.0], 2, 0, 1),
            users.UsersResult(f"log REST GET as holder, {on}", [40.0], 1, 0, 1),
            users.UsersResult(f"20 users post to one log, {on}", [200.0], 3, 0, 1),
        ]
        people[-1].stored = 2  # one answered 201 and not stored
        found = {c.target: w.verdict(c) for c in cluster.people_checks(people)}
        self.assertEqual(list(found.values()), ["PASS", "FAIL", "PASS", "FAIL"], found)
        self.assertEqual([w.verdict(c) for c in cluster.people_checks([])], ["-"] * 4)
