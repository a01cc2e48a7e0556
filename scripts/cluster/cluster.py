"""Run the BTI portal as a cluster on one machine (make start-cluster).

PostgreSQL (scripts/cluster/postgres.sh), the demo sites created once,
N Zope WSGI processes on RelStorage, HAProxy round robin in front of them and
Varnish (deploy/varnish/bti.vcl) in front of HAProxy.

Usage: python scripts/cluster/cluster.py start [--background]
       python scripts/cluster/cluster.py stop | status
In the foreground, Ctrl-C or SIGTERM stops everything; with --background the
processes keep running until `stop` (make stop-cluster). Settings: see
cluster_config.py (BTI_VAR, BTI_ZOPES, BTI_ZOPE_PORT, BTI_HAPROXY_PORT,
BTI_VARNISH_PORT, BTI_PG_PORT); BTI_SITES, BTI_ADMIN_USER/PASSWORD as for
make start.
"""

from __future__ import annotations

from cluster_config import Cluster
from cluster_config import HOST
from cluster_config import ROOT
from cluster_config import write_all
from pathlib import Path

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request


BIN = Path(sys.executable).parent
HAPROXY = os.environ.get("BTI_HAPROXY", "/usr/sbin/haproxy")
VARNISHD = os.environ.get("BTI_VARNISHD", "/usr/sbin/varnishd")
CONFIGURE_SITES = ROOT / "scripts" / "cluster" / "configure_sites.py"
CREATE_SITES = ROOT / "scripts" / "create_sites.py"


def log(message: str) -> None:
    print(message, flush=True)


def spawn(name: str, args: list, logfile: Path) -> subprocess.Popen:
    """A child in its own process group (stopped as a group), output to a file."""
    logfile.parent.mkdir(parents=True, exist_ok=True)
    with open(logfile, "ab") as out:
        process = subprocess.Popen(
            [str(arg) for arg in args],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    log(f"  {name}: pid {process.pid} (output in {logfile})")
    return process


def wait_http(url: str, timeout: float, process: subprocess.Popen | None = None):
    """Until ``url`` answers anything HTTP; raise after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited ({process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - loopback
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url}: no answer within {timeout:.0f} s")


def zconsole(cluster: Cluster, script: Path) -> None:
    env = {**os.environ, "BTI_PUBLIC_URL": cluster.public_url}
    conf = cluster.zope_conf(0)
    subprocess.run([BIN / "zconsole", "run", conf, script], env=env, check=True)


def start_zope(cluster: Cluster, number: int) -> subprocess.Popen:
    home = cluster.zope_home(number)
    return spawn(
        f"zope{number + 1}",
        [BIN / "runwsgi", cluster.zope_ini(number)],
        home / "log" / "runwsgi.log",
    )


def start_haproxy(cluster: Cluster) -> subprocess.Popen:
    config = cluster.home / "haproxy.cfg"
    subprocess.run([HAPROXY, "-c", "-q", "-f", config], check=True)
    log_file = cluster.home / "haproxy.log"
    return spawn("haproxy", [HAPROXY, "-db", "-f", config], log_file)


def start_varnish(cluster: Cluster) -> subprocess.Popen:
    workdir = cluster.home / "varnish"
    workdir.mkdir(parents=True, exist_ok=True)
    return spawn(
        "varnish",
        [
            VARNISHD,
            "-F",
            "-n",
            workdir,
            "-a",
            f"{HOST}:{cluster.varnish_port}",
            "-f",
            cluster.home / "bti.vcl",
            "-T",
            "none",
            "-s",
            "malloc,128m",
        ],
        cluster.home / "varnish.log",
    )


def save_state(cluster: Cluster, processes: dict[str, subprocess.Popen]) -> None:
    state = {name: process.pid for name, process in processes.items()}
    cluster.state_file.write_text(json.dumps(state, indent=1))


def load_state(cluster: Cluster) -> dict[str, int]:
    if not cluster.state_file.exists():
        return {}
    return json.loads(cluster.state_file.read_text())


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_pid(name: str, pid: int, timeout: float = 20) -> None:
    """SIGTERM to the process group, SIGKILL if it is still there after ``timeout``."""
    if not alive(pid):
        return
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while alive(pid) and time.monotonic() < deadline:
        try:  # our own child: reap it
            if os.waitpid(pid, os.WNOHANG)[0]:
                break
        except ChildProcessError:
            pass
        time.sleep(0.1)
    if alive(pid):
        os.killpg(pid, signal.SIGKILL)
    log(f"  {name} stopped")


def stop(cluster: Cluster) -> None:
    state = load_state(cluster)
    for name in reversed(list(state)):
        stop_pid(name, state[name])
    cluster.state_file.unlink(missing_ok=True)
    cluster.postgres("stop", stdout=None)


def start(cluster: Cluster) -> dict[str, subprocess.Popen]:
    if any(alive(pid) for pid in load_state(cluster).values()):
        raise SystemExit("The cluster runs already: make stop-cluster first.")
    cluster.postgres("start", stdout=None)
    write_all(cluster)
    log("Creating the sites if the database has none ...")
    zconsole(cluster, CREATE_SITES)
    zconsole(cluster, CONFIGURE_SITES)
    processes: dict[str, subprocess.Popen] = {}
    try:
        log(f"Starting {cluster.zopes} Zope processes, HAProxy and Varnish:")
        for number in range(cluster.zopes):
            processes[f"zope{number + 1}"] = start_zope(cluster, number)
        save_state(cluster, processes)
        for number, port in enumerate(cluster.zope_ports):
            wait_http(f"http://{HOST}:{port}/", 180, processes[f"zope{number + 1}"])
        processes["haproxy"] = start_haproxy(cluster)
        processes["varnish"] = start_varnish(cluster)
        save_state(cluster, processes)
        wait_http(f"http://{HOST}:{cluster.varnish_port}/", 60, processes["varnish"])
    except BaseException:
        stop(cluster)
        raise
    return processes


def print_urls(cluster: Cluster) -> None:
    log("The cluster is up:")
    log(f"  {cluster.public_url}/  Varnish (the address to use)")
    log(f"  {cluster.haproxy_url}/  HAProxy, least busy process first, no cache")
    for number, port in enumerate(cluster.zope_ports):
        log(f"  http://localhost:{port}/  Zope process {number + 1}")
    log(f"  PostgreSQL 127.0.0.1:{os.environ.get('BTI_PG_PORT', 5433)}")


def run_foreground(cluster: Cluster) -> int:
    processes = start(cluster)
    print_urls(cluster)
    log("Ctrl-C stops all.")
    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    status = 0
    while not stopping:
        exited = [name for name, p in processes.items() if p.poll() is not None]
        if exited:
            log(f"{', '.join(exited)} exited; stopping the cluster.")
            status = 1
            break
        time.sleep(0.5)
    log("Stopping ...")
    stop(cluster)
    return status


def main(argv: list[str]) -> int:
    cluster = Cluster.from_env()
    command = argv[1] if len(argv) > 1 else ""
    if command == "start" and "--background" in argv:
        start(cluster)
        print_urls(cluster)
        log("make stop-cluster stops it.")
        return 0
    if command == "start":
        return run_foreground(cluster)
    if command == "stop":
        stop(cluster)
        return 0
    if command == "status":
        for name, pid in load_state(cluster).items():
            log(f"{name}: pid {pid} {'running' if alive(pid) else 'gone'}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
