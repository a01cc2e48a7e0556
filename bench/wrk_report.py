"""The numbers of make bench: wrk's output read, ratios, targets, the table.

Pure Python (tests/test_bench_report.py); bench/bench_http.py runs the
servers and wrk. Targets are the issue's (#16); they are printed beside the
results as PASS/FAIL and never asserted.
"""

from dataclasses import asdict
from dataclasses import dataclass

import json
import math


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    ok: int
    bad: int
    errors: int
    group: str = "read"
    logs: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "rps": round(self.rps, 1)}


def parse_wrk(name: str, output: str, group: str = "read", logs: int = 0) -> Result:
    """The "BENCH {...}" line that bench/wrk_report.lua writes."""
    for line in output.splitlines():
        if line.startswith("BENCH "):
            data = json.loads(line[len("BENCH ") :])
            if not data["requests"]:  # nothing answered in time: no latency
                data.update(p50_us=math.inf, p95_us=math.inf, p99_us=math.inf)
            return Result(
                name=name,
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                p50_ms=data["p50_us"] / 1000,
                p95_ms=data["p95_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
                ok=data["ok"],
                bad=data["bad"],
                errors=data["errors"],
                group=group,
                logs=logs,
            )
    raise ValueError(f"{name}: no BENCH line in wrk's output:\n{output[-2000:]}")


def ratio(a: Result | None, b: Result | None) -> float | None:
    """rps of ``a`` over rps of ``b`` (None when either is missing)."""
    if a is None or b is None or not b.rps:
        return None
    return a.rps / b.rps


def growth(small: Result | None, large: Result | None) -> float | None:
    """How much slower the median answer is with more logs (p50 large / small)."""
    if small is None or large is None or not small.p50_ms:
        return None
    return large.p50_ms / small.p50_ms


@dataclass
class Check:
    target: str
    value: str
    passed: bool | None  # None: not measured


def at_least(target: str, value: float | None, limit: float, unit="x") -> Check:
    if value is None:
        return Check(target, "not measured", None)
    return Check(target, f"{value:.2f}{unit}", value >= limit)


def at_most(target: str, value: float | None, limit: float, unit=" ms") -> Check:
    if value is None:
        return Check(target, "not measured", None)
    return Check(target, f"{value:.{0 if unit == ' ms' else 2}f}{unit}", value <= limit)


def verdict(check: Check) -> str:
    return {True: "PASS", False: "FAIL", None: "-"}[check.passed]


def fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def results_table(results: list[Result], baseline: Result | None) -> str:
    """Markdown: one row per result, rps relative to ``baseline``."""
    lines = [
        "| target | logs | rps | p50 ms | p95 ms | ok | failed | x baseline |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        lines.append(
            f"| {result.name} | {result.logs or ''} | {result.rps:.0f}"
            f" | {result.p50_ms:.1f} | {result.p95_ms:.1f} | {result.ok}"
            f" | {result.bad + result.errors} | {fmt(ratio(result, baseline), 2)} |"
        )
    return "\n".join(lines)


def checks_table(checks: list[Check]) -> str:
    lines = ["| target (issue #16) | measured | |", "|---|---:|---|"]
    lines += [f"| {c.target} | {c.value} | {verdict(c)} |" for c in checks]
    return "\n".join(lines)


def writes_table(rows: list[dict]) -> str:
    """rows: name, sent (answered 201), failed, stored (counted in the logs)."""
    lines = [
        "| writes | requests | answered 201 | failed | stored | p95 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {row['requests']} | {row['sent']} | {row['failed']}"
            f" | {row['stored']} | {row['p95_ms']:.0f} |"
        )
    return "\n".join(lines)


def growth_table(rows: list[tuple[str, list[Result]]]) -> str:
    """rows: (target, results at increasing log counts)."""
    lines = ["| target | p50 ms by logs | p95 ms by logs | factor (p50) |"]
    lines.append("|---|---|---|---:|")
    for name, results in rows:
        p50 = ", ".join(f"{r.logs}: {r.p50_ms:.0f}" for r in results)
        p95 = ", ".join(f"{r.logs}: {r.p95_ms:.0f}" for r in results)
        factor = growth(results[0], results[-1]) if len(results) > 1 else None
        lines.append(f"| {name} | {p50} | {p95} | {fmt(factor, 2)} |")
    return "\n".join(lines)
