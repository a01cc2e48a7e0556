"""Reads per process (BENCH_CLUSTER=1): one Zope process against two behind
HAProxy, on the same RelStorage/PostgreSQL database, side by side.

Starts ``make start-cluster``'s code (scripts/cluster/cluster.py start
--background) with its own data under var/bench/cluster and its own ports
(BENCH_PORT + 3 and on: Zope 1 and 2, HAProxy, Varnish, PostgreSQL), only the
site byn (its demo logs; the generated ones are in the FileStorage runs).
For each target wrk saturates Zope 1 directly (rps1), then HAProxy over both
processes (rps2), and the pair is repeated (the machine is shared: only a
pair measured back to back means something). Before each wrk run one
request to each process waits for what the last run left queued there
(wrk closes its connections; Zope still answers them). Ratio: rps2 / (2 x rps1), the
issue's target is ≥ 0.8 per added process. Then the 20-user mode
(users.py) over HAProxy: the reads (guide, log page and REST, my-logs, the
dashboard over the demo logs) and posts to one log, judged against the
issue's latency targets (``people_checks``). Stops the cluster at the end.
"""

from contextlib import contextmanager
from pathlib import Path
from wrk_report import at_most
from wrk_report import Check

import os
import subprocess
import sys
import users


ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "cluster" / "cluster.py"
ZOPES = 2
REPEATS = int(os.environ.get("BENCH_CLUSTER_REPEATS", "2"))
TARGET = 0.8


def environment(first_port: int, var: Path) -> dict:
    return {
        **os.environ,
        "BTI_VAR": str(var),
        "BTI_ZOPES": str(ZOPES),
        "BTI_ZOPE_PORT": str(first_port),
        "BTI_HAPROXY_PORT": str(first_port + ZOPES),
        "BTI_VARNISH_PORT": str(first_port + ZOPES + 1),
        "BTI_PG_PORT": str(first_port + ZOPES + 2),
        "BTI_DRILL_PORT": str(first_port + ZOPES + 3),
        "BTI_SITES": "byn",
    }


@contextmanager
def running(first_port: int, var: Path, env: dict):
    """The cluster up: yields (Zope 1's URL, HAProxy's URL); stopped after."""
    env = {**environment(first_port, var), **env}
    python = sys.executable
    var.mkdir(parents=True, exist_ok=True)
    log = (var / "bench-cluster.log").open("ab")
    try:
        subprocess.run(
            [python, SCRIPT, "start", "--background"],
            env=env,
            check=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        yield (
            f"http://127.0.0.1:{first_port}",
            f"http://127.0.0.1:{first_port + ZOPES}",
        )
    finally:
        subprocess.run(
            [python, SCRIPT, "stop"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()


def process_urls(first: str) -> list[str]:
    """Each Zope process's own URL, from the first one's."""
    host, port = first.rsplit(":", 1)
    return [f"{host}:{int(port) + number}" for number in range(ZOPES)]


def compare(loads: list, one: str, two: str, measure) -> list[dict]:
    """loads: (name, path, headers); measure(name, url, headers) -> wrk Result.
    One row per target and round: rps1, rps2, ratio."""
    rows = []
    for name, path, headers in loads:
        for round_ in range(1, REPEATS + 1):
            single = measure(f"{name}, 1 process", one + path, headers)
            double = measure(f"{name}, {ZOPES} processes", two + path, headers)
            rows.append(row(name, round_, single.rps, double.rps))
            rows[-1].update(p95_1=single.p95_ms, p95_2=double.p95_ms)
            rows[-1].update(failed=single.bad + single.errors)
            rows[-1]["failed"] += double.bad + double.errors
    return rows


def row(name: str, round_: int, rps1: float, rps2: float) -> dict:
    ratio = rps2 / (ZOPES * rps1) if rps1 else None
    return {"name": name, "round": round_, "rps1": rps1, "rps2": rps2, "ratio": ratio}


def table(rows: list[dict]) -> str:
    lines = [
        f"| reads per process (wrk -c20, RelStorage) | round | rps 1 process"
        f" | rps {ZOPES} processes (HAProxy) | ratio rps{ZOPES} / ({ZOPES} x rps1)"
        f" | target ≥ {TARGET} |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}"
        verdict = verdict_of(r["ratio"])
        lines.append(
            f"| {r['name']} | {r['round']} | {r['rps1']:.1f} | {r['rps2']:.1f}"
            f" | {ratio} | {verdict} |"
        )
    for name in dict.fromkeys(r["name"] for r in rows):
        mine = [r for r in rows if r["name"] == name]
        if len(mine) > 1:
            total = row(name, 0, *(sum(r[k] for r in mine) for k in ("rps1", "rps2")))
            ratio = "-" if total["ratio"] is None else f"{total['ratio']:.2f}"
            lines.append(
                f"| {name}, all rounds | {len(mine)} | {total['rps1']:.1f}"
                f" | {total['rps2']:.1f} | {ratio} | {verdict_of(total['ratio'])} |"
            )
    return "\n".join(lines)


def verdict_of(ratio: float | None) -> str:
    return "-" if ratio is None else ("PASS" if ratio >= TARGET else "FAIL")


def people_checks(people: list) -> list[Check]:
    """The issue's 20-user targets, on the processes behind HAProxy."""
    on = f"on {ZOPES} processes"

    def p95(*names):
        return users.worst_p95(people, [f"{n}, {on}" for n in names])

    writes = [r for r in people if r.stored is not None]
    return [
        at_most(
            f"{users.USERS} users {on}, anonymous p95 ≤ 150 ms",
            p95("guide page, anonymous"),
            150,
        ),
        at_most(
            f"{users.USERS} users {on}, log read p95 ≤ 250 ms",
            p95(*users.LOG_READS),
            250,
        ),
        at_most(
            f"{users.USERS} users {on}, write p95 ≤ 400 ms",
            max((r.p95_ms for r in writes), default=None),
            400,
        ),
        at_most(
            f"0 failed or lost writes, {users.USERS} users {on}",
            users.lost(people),
            0,
            "",
        ),
    ]
