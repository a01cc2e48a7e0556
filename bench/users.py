"""20 people, not 20 pipes: the user model of make bench.

wrk with 20 connections and no pause sends the next request the moment the
last one is answered: it measures how many requests one Zope process can
serve at all (saturation), and its latencies are mostly time spent queued.
Twenty people do not do that: each reads the page they got before clicking
again. Here each of USERS simulated users (a thread with its own keep-alive
connection, like a browser) arrives at a random moment within the first
think time, sends a request, waits for the whole answer, then thinks for a
random THINK seconds (uniform, default 1-3 s) before the next one.

Why 1-3 s: a person reading a log page or a guide page takes 10 s or more
before the next click; 1-3 s is the quick end of a click (back, the next
tab, the next page of a list), so 20 such users send 5-10 requests a second,
about what 100 real people reading at their own pace would send. It is a
harsher load than 20 people, not a gentler one.

Why not wrk's delay(): wrk sends the first request of every connection at
once, without delay(), so all 20 users would click in the same millisecond
at the start: with 10-15 requests per user in a run, that burst alone would
be one sample in ten, enough to decide a p95. The threads here spend their
time asleep (a few requests a second in all), so the load tool costs the
server's CPU almost nothing.

Environment: BENCH_USERS (20), BENCH_THINK (seconds, "1-3"),
BENCH_USER_SECONDS (per target, 30; 10 with BENCH_QUICK=1).
"""

from dataclasses import dataclass
from dataclasses import field

import http.client
import math
import os
import random
import threading
import time
import urllib.parse


USERS = int(os.environ.get("BENCH_USERS", "20"))
THINK = tuple(float(s) for s in os.environ.get("BENCH_THINK", "1-3").split("-"))
QUICK = os.environ.get("BENCH_QUICK") == "1"
SECONDS = int(os.environ.get("BENCH_USER_SECONDS", "10" if QUICK else "30"))
# The names of bench_http.TARGETS measured as 20 users (those that exist).
READS = (
    "guide page, Varnish (cached)",
    "guide page, Zope (uncached)",
    "log page as holder",
    "log REST GET as holder",
    "my-logs as guardian",
    "overview /logs as coordinator",
    "dashboard as coordinator",
    "@dashboard as coordinator",
)
ANONYMOUS = ("guide page, Varnish (cached)", "guide page, Zope (uncached)")
LOG_READS = ("log page as holder", "log REST GET as holder", "my-logs as guardian")


def think_text() -> str:
    return (
        f"{USERS} users, each request followed by {THINK[0]:g}-{THINK[1]:g} s"
        f" of thinking (uniform random), {SECONDS} s per target"
    )


@dataclass
class Load:
    """One request a user repeats: a URL (and more paths to spread over)."""

    name: str
    url: str
    headers: dict
    method: str = "GET"
    body: bytes | None = None
    expected: int = 200
    paths: list = field(default_factory=list)


@dataclass
class UsersResult:
    name: str
    latencies_ms: list
    ok: int
    failed: int
    seconds: float
    stored: int | None = None

    @property
    def requests(self) -> int:
        return self.ok + self.failed

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies_ms, 95)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "requests": self.requests,
            "ok": self.ok,
            "failed": self.failed,
            "stored": self.stored,
            "p50_ms": round(self.p50_ms, 1),
            "p95_ms": round(self.p95_ms, 1),
            "rps": round(self.rps, 2),
        }


def percentile(values: list, pct: float) -> float:
    """Nearest rank: the smallest value with at least pct % of them at or below."""
    if not values:
        return math.inf
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def _user(number: int, load: Load, stop_at: float, found: list, lock) -> None:
    rng = random.Random(number * 7919 + time.time_ns())  # noqa: S311 - think times
    parts = urllib.parse.urlsplit(load.url)
    paths = load.paths or [parts.path + (f"?{parts.query}" if parts.query else "")]
    path = paths[number % len(paths)]  # with 20 logs: a log for each user
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    time.sleep(rng.uniform(0, THINK[1]))  # people do not arrive together
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        try:
            connection.request(load.method, path, load.body, load.headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            found.append((elapsed, status))
        time.sleep(rng.uniform(*THINK))
    connection.close()


def run(load: Load, seconds: int = SECONDS) -> UsersResult:
    """USERS threads for ``seconds``; requests under way at the end finish."""
    found: list = []
    lock = threading.Lock()
    started = time.monotonic()
    stop_at = started + seconds
    threads = [
        threading.Thread(target=_user, args=(n, load, stop_at, found, lock))
        for n in range(USERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ok = [ms for ms, status in found if status == load.expected]
    return UsersResult(
        name=load.name,
        latencies_ms=[ms for ms, _ in found],
        ok=len(ok),
        failed=len(found) - len(ok),
        seconds=time.monotonic() - started,
    )


def table(results: list[UsersResult]) -> str:
    lines = [
        f"| {USERS} users ({THINK[0]:g}-{THINK[1]:g} s think time) | requests"
        " | rps | p50 ms | p95 ms | failed | stored |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        stored = "" if r.stored is None else str(r.stored)
        lines.append(
            f"| {r.name} | {r.requests} | {r.rps:.1f} | {r.p50_ms:.0f}"
            f" | {r.p95_ms:.0f} | {r.failed} | {stored} |"
        )
    return "\n".join(lines)


def worst_p95(results: list[UsersResult], names) -> float | None:
    values = [r.p95_ms for r in results if r.name in names]
    return max(values) if values else None


def lost(results: list[UsersResult]) -> int | None:
    """Writes answered with an error or answered 201 and not stored."""
    writes = [r for r in results if r.stored is not None]
    if not writes:
        return None
    return sum(r.failed + max(0, r.ok - r.stored) for r in writes)
