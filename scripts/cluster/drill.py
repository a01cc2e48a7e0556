"""Durability drills (make drill): crash, backup and restore, with counts.

kill     Writers post messages to one log through HAProxy; the Zope process
         taking them gets kill -9 halfway and is started again. Every write that was
         acknowledged (201) must be in the log afterwards.
stuck    The same writers; the process taking them stops answering (kill -STOP)
         for 30 s, then goes on (kill -CONT). HAProxy's health check must take
         it out: writes are acknowledged by another process while it is
         stopped, and none acknowledged is lost. It is stopped outside a
         commit: one stopped inside holds RelStorage's commit lock, and so
         every process's commits, until it goes on (see in_a_commit).
backup   pg_dump of the cluster's database, pg_restore into a new database, a
         Zope process on the restored copy: the site serves and the log holds
         what it held at the dump.
repozo   FileStorage (make start's var/filestorage): repozo backup plus a tar
         of the blobs, restore into a fresh folder, a Zope process on it
         serves the paths in $BTI_DRILL_PATHS (default /byn).

Usage: python scripts/cluster/drill.py [kill] [stuck] [backup] [repozo]
Without names: kill, stuck and backup against the running cluster (make start-cluster
BACKGROUND=1), and repozo when var/filestorage/Data.fs exists. Exit 1 when a
drill fails. The writer logs in as $BTI_DRILL_USER ($BTI_DRILL_PASSWORD) on
site $BTI_DRILL_SITE: by default the demo holder ansatt on byn.
"""

from __future__ import annotations

from cluster import alive
from cluster import BIN
from cluster import load_state
from cluster import spawn
from cluster import stop_pid
from cluster import wait_http
from cluster_config import Cluster
from cluster_config import HOST
from cluster_config import ROOT
from cluster_config import write_zope
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from datetime import UTC
from pathlib import Path

import csv
import importlib.util
import json
import os
import psycopg2
import random
import requests
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time


def write_instance(instance: Path, var: Path, host: str, port: int) -> None:
    """scripts/make_instance.py's instance (FileStorage under ``var``)."""
    spec = importlib.util.spec_from_file_location(
        "make_instance", ROOT / "scripts" / "make_instance.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_instance(instance, var, host, port)


SITE = os.environ.get("BTI_DRILL_SITE", "byn")
AUTH = (
    os.environ.get("BTI_DRILL_USER", "ansatt"),
    os.environ.get("BTI_DRILL_PASSWORD", "bti-demo"),
)
WRITERS = 10
JSON = {"Accept": "application/json"}
ACTIVE = ("level1", "level2", "level3")


def say(message: str) -> None:
    print(message, flush=True)


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def writable_log(base: str) -> str:
    """The URL of an active log the drill user holds."""
    response = requests.get(
        f"{base}/{SITE}/@search",
        params={"portal_type": "RelayLog", "review_state": ACTIVE},
        auth=AUTH,
        headers=JSON,
        timeout=60,
    )
    response.raise_for_status()
    items = response.json()["items"]
    if not items:
        raise SystemExit(f"{AUTH[0]} sees no active log on {SITE}")
    return items[0]["@id"]


def stored_items(log_url: str) -> set[str]:
    """The paths of every item in the log, as its holder sees them."""
    response = requests.get(
        log_url, params={"b_size": 100000}, auth=AUTH, headers=JSON, timeout=120
    )
    response.raise_for_status()
    return {item["@id"].split(f"/{SITE}/", 1)[1] for item in response.json()["items"]}


def writer(log_url: str, number: int, stop: threading.Event) -> tuple[list, int]:
    """Post until ``stop``; (path, monotonic time) of each write acknowledged
    (201), and the failures."""
    acknowledged, failed, count = [], 0, 0
    with requests.Session() as session:
        session.auth, session.headers = AUTH, {**JSON}
        while not stop.is_set():
            count += 1
            text = f"Driller {number}, melding {count}."
            try:
                response = session.post(
                    log_url,
                    json={"@type": "LogMessage", "kind": "message", "text": text},
                    timeout=60,
                )
            except requests.RequestException:
                failed += 1
                continue
            if response.status_code == 201:
                path = response.json()["@id"].split(f"/{SITE}/", 1)[1]
                acknowledged.append((path, time.monotonic()))
            else:
                failed += 1
    return acknowledged, failed


def running_state(cluster: Cluster) -> dict:
    state = load_state(cluster)
    if not all(alive(state.get(f"zope{n + 1}", 0)) for n in range(cluster.zopes)):
        raise SystemExit("The cluster does not run: make start-cluster BACKGROUND=1")
    return state


def under_writes(cluster: Cluster, act, seconds: float = 4):
    """Writers post to one log through HAProxy; after ``seconds``,
    ``act(name, pid, served)`` on the process taking them (HAProxy sends a
    log's writes to one process), ``seconds`` more. Returns the log's URL, its
    items before, each writer's (acknowledged, failed) and the process number."""
    state = running_state(cluster)
    wait_until_up(cluster)  # else a log's writes go where HAProxy can
    log_url = writable_log(cluster.haproxy_url)
    before = stored_items(log_url)
    served = requests_served(cluster)
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        futures = [pool.submit(writer, log_url, n, stop) for n in range(WRITERS)]
        try:
            time.sleep(seconds)
            number = busiest(cluster, served)
            act(f"zope{number + 1}", state[f"zope{number + 1}"], served)
            time.sleep(seconds)
        finally:
            stop.set()  # else the writers post on and the drill never ends
        results = [future.result() for future in futures]
    return log_url, before, results, number


def acknowledged_in(results) -> set[str]:
    return {path for paths, _failed in results for path, _when in paths}


def kill_drill(cluster: Cluster) -> bool:
    def kill(name, pid, _served):
        os.kill(pid, signal.SIGKILL)
        say(f"kill -9 {name} (pid {pid}) under write load")

    log_url, before, results, number = under_writes(cluster, kill)
    acknowledged = acknowledged_in(results)
    failed = sum(failed for _paths, failed in results)
    restart(cluster, number)
    after = stored_items(log_url)
    lost = acknowledged - after
    unacknowledged = after - before - acknowledged
    say(
        f"kill drill: {len(acknowledged)} writes acknowledged, {failed} refused or "
        f"cut off, {len(after - before)} new items stored, {len(lost)} acknowledged "
        f"writes lost, {len(unacknowledged)} stored without an answer"
    )
    return bool(acknowledged) and not lost


def stuck_drill(cluster: Cluster, stuck: float = 30) -> bool:
    """The process taking a log's writes stops answering (SIGSTOP) for
    ``stuck`` seconds: HAProxy's health check takes it out of the rotation and
    the writes go on at another process before it answers again (SIGCONT)."""
    seen = {}

    def stop_for_a_while(name, pid, served):
        tries, seen["stopped"] = stop_outside_a_commit(cluster, pid)
        seen["before"], served = posts_since(cluster, served), requests_served(cluster)
        say(f"kill -STOP {name} (pid {pid}) under write load, try {tries}")
        time.sleep(stuck)
        seen["meanwhile"] = posts_since(cluster, served)
        os.kill(pid, signal.SIGCONT)
        seen["resumed"] = time.monotonic()
        say(f"kill -CONT {name} after {seen['resumed'] - seen['stopped']:.0f} s")

    log_url, before, results, number = under_writes(cluster, stop_for_a_while)
    stopped, resumed = seen["stopped"], seen["resumed"]
    times = [when for paths, _failed in results for _path, when in paths]
    meanwhile = sorted(when - stopped for when in times if stopped < when < resumed)
    acknowledged = acknowledged_in(results)
    lost = acknowledged - stored_items(log_url)
    first = f"the first after {meanwhile[0]:.1f} s" if meanwhile else "none"
    say(f"posts before the stop: {seen['before']}, while stopped: {seen['meanwhile']}")
    say(
        f"stuck drill: {len(meanwhile)} writes acknowledged while zope{number + 1} "
        f"was stopped ({first}), {sum(f for _p, f in results)} refused or cut off, "
        f"{len(acknowledged)} acknowledged in all, {len(lost)} acknowledged writes "
        f"lost, {len(acknowledged & before)} already there"
    )
    # Only a drill on the process that took the writes proves anything.
    took_them = seen["before"][number] >= 0.8 * sum(seen["before"])
    return took_them and bool(meanwhile) and not lost


IN_A_COMMIT = """
SELECT count(*) FROM pg_stat_activity JOIN pg_locks USING (pid)
WHERE application_name LIKE 'RS: Store%' AND xact_start IS NOT NULL
  AND locktype = 'advisory' AND granted
"""


def in_a_commit(cluster: Cluster) -> bool:
    """Whether a RelStorage store connection is inside a transaction holding
    its locks (the commit lock and its objects', from vote to finish; a
    statement may still be running). Asked half a second after the stop, it
    is the stopped process's (another's commit takes milliseconds; should it
    be one, the stop is only tried again). Stopped there, it holds every
    process's writes, and the others' one thread waiting for the lock misses
    HAProxy's health checks: every process leaves the rotation until it goes
    on (tried: 0 writes answered in 30 s, as in the one failed CI run)."""
    with psycopg2.connect(cluster.dsn()) as connection, connection.cursor() as cur:
        cur.execute(IN_A_COMMIT)
        (count,) = cur.fetchone()
    connection.close()
    return bool(count)


def stop_outside_a_commit(cluster: Cluster, pid: int, tries: int = 50) -> tuple:
    """kill -STOP ``pid``; should it have stopped inside a commit, go on and
    stop it again a moment later. Returns the try that stopped it outside and
    when (monotonic); on any failure the process goes on."""
    try:
        for attempt in range(1, tries + 1):
            os.kill(pid, signal.SIGSTOP)
            stopped = time.monotonic()
            time.sleep(0.5)
            if not in_a_commit(cluster):
                return attempt, stopped
            os.kill(pid, signal.SIGCONT)
            time.sleep(random.uniform(0.05, 0.3))  # noqa: S311 - not for secrets
    except BaseException:
        os.kill(pid, signal.SIGCONT)
        raise
    os.kill(pid, signal.SIGCONT)
    raise SystemExit(f"pid {pid} was inside a commit at each of {tries} stops")


def requests_served(cluster: Cluster) -> list[int]:
    """Bytes in each Zope process's access log (a line per request)."""
    logs = [cluster.zope_home(n) / "log" / "access.log" for n in range(cluster.zopes)]
    return [log.stat().st_size if log.exists() else 0 for log in logs]


def posts_since(cluster: Cluster, served: list[int]) -> list[int]:
    """POST requests in each process's access log after the sizes ``served``."""
    counts = []
    for number, offset in enumerate(served):
        log = cluster.zope_home(number) / "log" / "access.log"
        with log.open("rb") as lines:
            lines.seek(offset)
            counts.append(sum(1 for line in lines if b'"POST ' in line))
    return counts


def busiest(cluster: Cluster, served: list[int]) -> int:
    """The process whose access log grew most since ``served``."""
    grown = [
        now - then for now, then in zip(requests_served(cluster), served, strict=True)
    ]
    return grown.index(max(grown))


def restart(cluster: Cluster, number: int) -> None:
    """Start a killed Zope process again and record its pid for stop-cluster."""
    name = f"zope{number + 1}"
    home = cluster.zope_home(number)
    process = spawn(
        name, [BIN / "runwsgi", cluster.zope_ini(number)], home / "log" / "runwsgi.log"
    )
    state = load_state(cluster)
    state[name] = process.pid
    cluster.state_file.write_text(json.dumps(state, indent=1))
    wait_http(f"http://{HOST}:{cluster.zope_ports[number]}/", 180, process)
    wait_until_up(cluster)
    say(f"{name} started again (pid {process.pid}), HAProxy sends to it")


def servers_up(cluster: Cluster) -> dict[str, bool]:
    """HAProxy's view (its stats socket): zopeN -> UP or not."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stats:
        stats.connect(str(cluster.home / "haproxy.sock"))
        stats.sendall(b"show stat\n")
        text = b"".join(iter(lambda: stats.recv(65536), b"")).decode()
    rows = list(csv.reader(line for line in text.lstrip("# ").splitlines() if line))
    header, rows = rows[0], rows[1:]
    name, status = header.index("svname"), header.index("status")
    return {
        row[name]: row[status].startswith("UP")
        for row in rows
        if row[name].startswith("zope")
    }


def wait_until_up(cluster: Cluster, seconds: float = 30) -> None:
    """Until HAProxy sends to every process again (its health check)."""
    deadline = time.monotonic() + seconds
    while not all(servers_up(cluster).values()):
        if time.monotonic() > deadline:
            raise SystemExit(
                f"HAProxy does not see every process UP: {servers_up(cluster)}"
            )
        time.sleep(0.2)


def serves(port: int, paths: list[str], auth=None) -> bool:
    for path in paths:
        response = requests.get(f"http://{HOST}:{port}{path}", auth=auth, timeout=120)
        say(f"  GET {path}: {response.status_code}")
        if response.status_code != 200:
            return False
    return True


def check_process(home: Path, port: int, check) -> bool:
    """A Zope process from home/etc/zope.ini: ``check()`` while it runs."""
    process = spawn(
        f"check on :{port}",
        [BIN / "runwsgi", home / "etc" / "zope.ini"],
        home / "log" / "runwsgi.log",
    )
    try:
        wait_http(f"http://{HOST}:{port}/", 180, process)
        return check()
    finally:
        stop_pid("the check process", process.pid)


def backup_drill(cluster: Cluster) -> bool:
    log_url = writable_log(cluster.haproxy_url)
    items = stored_items(log_url)
    backups = cluster.var / "backups"
    backups.mkdir(parents=True, exist_ok=True)
    dump = backups / f"{cluster.database}-{stamp()}.dump"
    cluster.postgres("dump", str(dump))
    restored = f"{cluster.database}_restored"
    cluster.postgres("restore", str(dump), restored)
    home = cluster.home / "restore-check"
    shutil.rmtree(home, ignore_errors=True)
    write_zope(home, cluster.var, cluster.drill_port, cluster.dsn(restored))
    path = "/" + log_url.split("/", 3)[3]

    def check() -> bool:
        if not serves(cluster.drill_port, [f"/{SITE}"]):
            return False
        copy = stored_items(f"http://{HOST}:{cluster.drill_port}{path}")
        say(f"  the log holds {len(copy)} items (at the dump: {len(items)})")
        return copy == items

    try:
        ok = check_process(home, cluster.drill_port, check)
    finally:
        cluster.postgres("psql", "-q", "-c", f'DROP DATABASE IF EXISTS "{restored}"')
    size = dump.stat().st_size // 1024
    say(f"backup drill: {dump} ({size} KB) restored and {'serves' if ok else 'FAILED'}")
    return ok


def repozo_drill(var: Path, port: int, paths: list[str]) -> bool:
    data = var / "filestorage" / "Data.fs"
    backups = var / "backups"
    repository = backups / "repozo"
    repository.mkdir(parents=True, exist_ok=True)
    repozo = [str(BIN / "repozo"), "-r", str(repository)]
    subprocess.run([*repozo, "-B", "-z", "-f", str(data)], check=True)
    blobs = backups / f"blobstorage-{stamp()}.tar.gz"
    with tarfile.open(blobs, "w:gz") as tar:
        if (var / "blobstorage").is_dir():
            tar.add(var / "blobstorage", arcname="blobstorage")
    check = backups / "repozo-check"
    shutil.rmtree(check, ignore_errors=True)
    (check / "filestorage").mkdir(parents=True)
    restored = check / "filestorage" / "Data.fs"
    subprocess.run([*repozo, "-R", "-o", str(restored)], check=True)
    with tarfile.open(blobs) as tar:
        tar.extractall(check, filter="data")
    write_instance(check / "instance", check, HOST, port)
    ok = check_process(check / "instance", port, lambda: serves(port, paths))
    shutil.rmtree(check, ignore_errors=True)
    say(
        f"repozo drill: {repository} and {blobs.name} restored and "
        f"{'serves' if ok else 'FAILED'}"
    )
    return ok


def main(argv: list[str]) -> int:
    cluster = Cluster.from_env()
    names = argv[1:]
    if not names:
        names = ["kill", "stuck", "backup"]
        if (cluster.var / "filestorage" / "Data.fs").exists():
            names.append("repozo")
    results = {}
    for name in names:
        say(f"== {name} drill")
        if name == "kill":
            results[name] = kill_drill(cluster)
        elif name == "stuck":
            results[name] = stuck_drill(cluster)
        elif name == "backup":
            results[name] = backup_drill(cluster)
        elif name == "repozo":
            paths = os.environ.get("BTI_DRILL_PATHS", f"/{SITE}").split(",")
            results[name] = repozo_drill(cluster.var, cluster.drill_port, paths)
        else:
            print(__doc__, file=sys.stderr)
            return 2
    say(
        "drills: "
        + ", ".join(f"{n} {'ok' if ok else 'FAILED'}" for n, ok in results.items())
    )
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
