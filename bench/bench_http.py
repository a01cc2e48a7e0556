"""make bench: the portal under wrk, side by side with its baselines, in one run.

Starts what it needs on its own ports and data (var/bench/, BTI_VAR untouched):
a Zope from this checkout's instance on a copy of var/bench/data-N (a demo
site ``byn`` with N generated logs, made by ``make demo-data`` code and kept
for the next run while that code is unchanged: bench/datasets.py), nginx
serving a saved copy of a guide page, Varnish with
deploy/varnish/bti.vcl in front of the Zope, and a plain Plone Document with
the guide page's text. Then two modes, both reported:

- saturation: wrk (-c20, no pause between requests) on every target in
  TARGETS and REST writes (sent against stored): how many requests one Zope
  process serves at all; its latencies are mostly queueing.
- 20 users (bench/users.py): each user thinks 1-3 s after every answer, as
  people do; p50/p95 per target and writes, PASS/FAIL against the targets.

The site is set up as a deployed one: a mail catcher (SMTP on loopback)
takes its mail, so every post notifies the others on its log (the number of
mails caught is printed), and its theme applies on 127.0.0.1 too (Plone's
default leaves that address unthemed).

Then the growth targets at each log count, and with BENCH_CLUSTER=1 reads
per process on RelStorage (bench/cluster.py). Prints the tables with the
issue's targets (PASS/FAIL) and saves var/bench/<timestamp>.json and .md.

Environment: BENCH_LOGS (comma-separated log counts, default 1000,10000; the
last one gets the full run), BENCH_SECONDS (per target, default 15),
BENCH_QUICK=1 (3 s per target, 100 logs, for a smoke test),
BENCH_TARGETS (names to keep, comma-separated substrings),
BENCH_PORT (first of 3 ports: Zope, nginx, Varnish; default 8107).
BENCH_LOGS=100000 alone means 1000,10000,100000 (hours of generating).
BENCH_USERS, BENCH_THINK, BENCH_USER_SECONDS: see bench/users.py;
BENCH_CLUSTER=1 (also the cluster), BENCH_CLUSTER=only (only the cluster).
"""

from bti.portal.commands.mailcatcher import MailCatcher
from contextlib import contextmanager
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from wrk_report import at_least
from wrk_report import at_most
from wrk_report import Check
from wrk_report import checks_table
from wrk_report import growth
from wrk_report import growth_table
from wrk_report import parse_wrk
from wrk_report import ratio
from wrk_report import results_table
from wrk_report import writes_table

import base64
import cluster
import datasets
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import users


ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
OUT = ROOT / "var" / "bench"
LUA = Path(__file__).resolve().parent / "wrk_report.lua"
SITE = "byn"
ADMIN = ("admin", "admin")
PASSWORD = "bti-demo"  # noqa: S105 - the demo logins' password
QUICK = os.environ.get("BENCH_QUICK") == "1"
SECONDS = int(os.environ.get("BENCH_SECONDS", "3" if QUICK else "15"))
LOG_COUNTS = [
    int(n)
    for n in os.environ.get("BENCH_LOGS", "100" if QUICK else "1000,10000").split(",")
]
if LOG_COUNTS == [100000]:
    LOG_COUNTS = [1000, 10000, 100000]
PORT = int(os.environ.get("BENCH_PORT", "8107"))
ZOPE_PORT, NGINX_PORT, VARNISH_PORT = PORT, PORT + 1, PORT + 2
CONNECTIONS = 20
CLUSTER = os.environ.get("BENCH_CLUSTER", "")  # "1": also, "only": only
# Children run this checkout's code (the shared virtualenv may point elsewhere).
CHILD_ENV = {
    "PYTHONPATH": os.pathsep.join(
        filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])
    ),
    "PYTHONWARNINGS": "ignore",
}


# One line per target: name, server (zope, nginx, varnish), user (None:
# anonymous), path ({guide}, {vanilla}, {log}: found at run time), JSON or
# HTML, and whether it is measured at every log count (growth). A target that
# answers 404 (a view not built yet) is skipped.
TARGETS = [
    ("guide page, Varnish (cached)", "varnish", None, "{guide}", False, False),
    ("guide page, nginx static copy", "nginx", None, "/guide.html", False, False),
    ("guide page, Zope (uncached)", "zope", None, "{guide}", False, False),
    ("vanilla Plone Document, Zope", "zope", None, "{vanilla}", False, False),
    ("log page as holder", "zope", "ansatt", "{log}", False, False),
    ("log REST GET as holder", "zope", "ansatt", "{log}", True, False),
    ("my-logs as guardian", "zope", "forelder", "/@@my-logs", False, False),
    ("overview /logs as coordinator", "zope", "koordinator", "/logs", False, True),
    (
        "@log-overview as coordinator",
        "zope",
        "koordinator",
        "/logs/@log-overview",
        True,
        True,
    ),
    (
        "dashboard as coordinator",
        "zope",
        "koordinator",
        "/logs/@@dashboard",
        False,
        True,
    ),
    (
        "@dashboard as coordinator",
        "zope",
        "koordinator",
        "/logs/@dashboard",
        True,
        True,
    ),
    # A generated unit's leader: a scope of one unit (250 logs) in a site
    # that grows around it.
    ("@dashboard as unit leader", "zope", "g000-leder", "/logs/@dashboard", True, True),
]
LOAD_AT_START = [0.0, 0.0, 0.0]
HOLDER_OF_MANY = "g000-ansatt1"  # a generated holder with dozens of active logs


def say(text: str) -> None:
    print(text, flush=True)


# --- Processes ----------------------------------------------------------------


def wait_for_port(port: int, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit(f"nothing answers on port {port} after {seconds:.0f} s")


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@contextmanager
def process(name: str, argv: list, log: Path, env: dict | None = None):
    with log.open("wb") as out:
        child = subprocess.Popen(
            [str(a) for a in argv],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **CHILD_ENV, **(env or {})},
            start_new_session=True,
        )
    try:
        yield child
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def write_instance(var: Path) -> None:
    subprocess.run(
        [
            *(BIN / "python", ROOT / "scripts" / "make_instance.py"),
            *("--port", str(ZOPE_PORT), "--instance", var / "instance", "--var", var),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare_data(count: int) -> Path:
    """A fresh copy of the kept data set with ``count`` logs (bench/datasets.py)."""
    return datasets.prepare(count, ZOPE_PORT, SITE, CHILD_ENV, say)


@contextmanager
def zope(var: Path):
    if not port_free(ZOPE_PORT):
        raise SystemExit(f"port {ZOPE_PORT} is in use (BENCH_PORT=... to move)")
    write_instance(var)
    ini = var / "instance" / "etc" / "zope.ini"
    with process("zope", [BIN / "runwsgi", ini], var / "bench-zope.log") as child:
        wait_for_port(ZOPE_PORT)
        get(f"{zope_url()}/{SITE}", auth=ADMIN, timeout=300)  # warm
        yield child


def zope_url() -> str:
    return f"http://127.0.0.1:{ZOPE_PORT}"


@contextmanager
def nginx(run: Path, html: str):
    static = run / "static"
    static.mkdir(parents=True, exist_ok=True)
    (static / "guide.html").write_text(html)
    conf = run / "nginx.conf"
    user = "user root;\n" if os.getuid() == 0 else ""
    conf.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {run}/nginx.pid;\n"
        f"error_log {run}/nginx-error.log;\nevents {{ worker_connections 512; }}\n"
        f"http {{\n  access_log off;\n  default_type text/html;\n"
        + "".join(
            f"  {kind}_temp_path {run}/nginx-temp;\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  server {{ listen 127.0.0.1:{NGINX_PORT}; root {static}; }}\n}}\n"
    )
    (run / "nginx-temp").mkdir(exist_ok=True)
    argv = [shutil.which("nginx") or "/usr/sbin/nginx", "-c", conf, "-p", run]
    with process("nginx", argv, run / "nginx.log") as child:
        wait_for_port(NGINX_PORT, 20)
        yield child


@contextmanager
def varnish(run: Path):
    vcl = (ROOT / "deploy" / "varnish" / "bti.vcl").read_text()
    vcl, count = re.subn(
        r'(backend zope \{\s*\.host = )"[^"]*";(\s*\.port = )"\d+";',
        rf'\1"127.0.0.1";\2"{ZOPE_PORT}";',
        vcl,
    )
    if count != 1:
        raise SystemExit("deploy/varnish/bti.vcl: no 'backend zope' block")
    (run / "bti.vcl").write_text(vcl)
    workdir = run / "varnish"
    workdir.mkdir(exist_ok=True)
    argv = ["/usr/sbin/varnishd", "-F", "-n", workdir, "-a"]
    argv += [f"127.0.0.1:{VARNISH_PORT}", "-f", run / "bti.vcl", "-T", "none"]
    argv += ["-s", "malloc,64m"]
    with process("varnish", argv, run / "varnish.log") as child:
        wait_for_port(VARNISH_PORT, 30)
        yield child


# --- HTTP -----------------------------------------------------------------------


def get(url, auth=None, cookie=None, json_=False, timeout=60):
    request = urllib.request.Request(url)  # noqa: S310 - loopback
    if auth:
        token = f"{auth[0]}:{auth[1]}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(token).decode())
    if cookie:
        request.add_header("Cookie", cookie)
    if json_:
        request.add_header("Accept", "application/json")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback
        body = response.read()
        return response.status, dict(response.headers), body


def send(url, data: dict, auth=ADMIN, method="POST"):
    body = json.dumps(data).encode()
    request = urllib.request.Request(url, data=body, method=method)  # noqa: S310
    token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    request.add_header("Authorization", "Basic " + token)
    request.add_header("Accept", "application/json")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - loopback
        return json.loads(response.read() or b"{}")


@contextmanager
def as_in_production(folder: Path, base: str = ""):
    """The site set up as a deployed one: its mail to a catcher on loopback
    (SMTP), so a post notifies the others on the log (queued with the commit,
    sent by the process's mail thread), and its theme on every host name
    (Plone leaves 127.0.0.1, the address measured here, unthemed: without
    this, no page would pay for the Diazo transform)."""
    shutil.rmtree(folder, ignore_errors=True)
    catcher = MailCatcher(folder).start()
    try:
        settings = {
            "plone.smtp_host": "127.0.0.1",
            "plone.smtp_port": catcher.smtp_port,
            "plone.email_from_address": "bti@bench.example.org",
            "plone.email_from_name": "BTI bench",
            "plone.app.theming.interfaces.IThemeSettings.hostnameBlacklist": [],
        }
        send(f"{base or zope_url()}/{SITE}/@registry", settings, method="PATCH")
        yield folder
    finally:
        catcher.stop()


def mails_in(folder: Path, settle: float = 10) -> int:
    """Mails the catcher has, once the count has stopped growing for 2 s (the
    mail threads send every 3 s)."""
    count, still, deadline = -1, 0.0, time.monotonic() + 120
    while still < settle / 5 and time.monotonic() < deadline:
        now = len(list(folder.glob("*.eml"))) if folder.is_dir() else 0
        still = still + 0.5 if now == count else 0.0
        count = now
        time.sleep(0.5)
    return count


def login_cookie(user: str, base: str = "") -> str:
    """Log in through the site's login form, as a person does: the __ac cookie."""
    data = urllib.parse.urlencode({
        "__ac_name": user,
        "__ac_password": PASSWORD,
        "came_from": "",
        "buttons.login": "Log in",
        "form.widgets.came_from": "",
        "form.buttons.login": "Log in",
    }).encode()
    opener = urllib.request.build_opener(NoRedirect)
    url = f"{base or zope_url()}/{SITE}/login"
    request = urllib.request.Request(url, data=data)  # noqa: S310 - loopback
    try:
        response = opener.open(request, timeout=60)
        headers = response.headers
    except urllib.error.HTTPError as error:
        headers = error.headers
    for value in headers.get_all("Set-Cookie") or []:
        match = re.match(r"(__ac=[^;]+)", value)
        if match and match.group(1) != '__ac=""':
            return match.group(1)
    raise SystemExit(f"login as {user} gave no __ac cookie")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def search(query: dict, auth=ADMIN, base: str = "") -> dict:
    url = f"{base or zope_url()}/{SITE}/@search?"
    url += urllib.parse.urlencode(query, doseq=True)
    return json.loads(get(url, auth=auth, json_=True)[2])


def count_messages(log_urls: list[str], base: str = "") -> int:
    total = 0
    for url in log_urls:
        path = urllib.parse.urlparse(url).path
        query = {"portal_type": "LogMessage", "path": path, "b_size": 1}
        found = search(query, base=base)
        total += found["items_total"]
    return total


def find_paths() -> dict:
    """The guide page, the vanilla Document (made once) and the holder's log."""
    guide = search({"portal_type": "GuideStep", "sort_on": "path", "b_size": 1})
    guide_url = guide["items"][0]["@id"]
    guide_json = json.loads(get(guide_url, auth=ADMIN, json_=True)[2])
    logs = search(
        {"portal_type": "RelayLog", "review_state": "level2", "sort_on": "created"},
        auth=("ansatt", PASSWORD),
    )["items"]
    paths = {
        "guide": urllib.parse.urlparse(guide_url).path,
        "log": urllib.parse.urlparse(logs[0]["@id"]).path,
        "vanilla": f"/{SITE}/bench-vanilla",
    }
    try:
        get(f"{zope_url()}{paths['vanilla']}", timeout=60)
    except urllib.error.HTTPError:
        text = (guide_json.get("text") or {}).get("data") or guide_json.get(
            "description", ""
        )
        send(
            f"{zope_url()}/{SITE}",
            {
                "@type": "Document",
                "id": "bench-vanilla",
                "title": guide_json["title"],
                "description": guide_json.get("description", ""),
                "text": {"data": text, "content-type": "text/html"},
            },
        )
        send(f"{zope_url()}{paths['vanilla']}/@workflow/publish", {})
    return paths


# --- wrk ------------------------------------------------------------------------


def wrk(
    url: str,
    seconds: int,
    headers: dict,
    args: list | None = None,
    connections: int = CONNECTIONS,
) -> str:
    threads = min(2, connections)
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    argv += ["--timeout", "10s"]
    argv += ["-s", str(LUA), "--latency"]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    argv.append(url)
    if args:
        argv += ["--", *args]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    return done.stdout + done.stderr


def base_url(server: str) -> str:
    port = {"zope": ZOPE_PORT, "nginx": NGINX_PORT, "varnish": VARNISH_PORT}[server]
    return f"http://127.0.0.1:{port}"


def target_request(target, paths: dict, cookies: dict) -> tuple[str, dict]:
    """The URL and headers of a line of TARGETS."""
    _, server, user, path, as_json, _ = target
    if "{" not in path and server != "nginx":
        path = f"/{SITE}{path}"
    url = base_url(server) + path.format(**paths)
    headers = {"Accept": "application/json"} if as_json else {}
    if user:
        headers["Cookie"] = cookies[user]
    return url, headers


def run_target(
    target, paths: dict, cookies: dict, logs: int, seconds=SECONDS, connections=None
):
    name, _, _, path, as_json, _ = target
    if connections == 1:
        name = f"{name}, one user"
    url, headers = target_request(target, paths, cookies)
    try:
        # Warm, and 404? Generous: the server may still answer the last target.
        get(url, cookie=headers.get("Cookie"), json_=as_json, timeout=600)
        get(url, cookie=headers.get("Cookie"), json_=as_json, timeout=600)
    except urllib.error.HTTPError as error:
        say(f"  {name}: skipped ({error.code} on {path})")
        return None
    output = wrk(url, seconds, headers, connections=connections or CONNECTIONS)
    result = parse_wrk(name, output, logs=logs)
    say(
        f"  {name:40} {result.rps:8.0f} rps  p50 {result.p50_ms:7.1f} ms"
        f"  p95 {result.p95_ms:7.1f} ms  failed {result.bad + result.errors}"
    )
    return result


def run_writes(name: str, log_paths: list[str], cookie: str, logs: int) -> dict:
    """20 connections post messages for SECONDS; answered 201 against stored."""
    urls = [f"{zope_url()}{path}" for path in log_paths]
    before = count_messages(urls)
    body = json.dumps({"@type": "LogMessage", "kind": "message", "text": "Bench."})
    headers = {
        "Cookie": cookie,
        "Accept": "application/json",
        "Content-Type": "application/json",
    }
    output = wrk(urls[0], SECONDS, headers, ["POST", body, "201", *log_paths])
    result = parse_wrk(name, output, group="write", logs=logs)
    stored = count_messages(urls) - before
    row = {
        "name": name,
        "requests": result.requests,
        "sent": result.ok,
        "failed": result.bad + result.errors,
        "stored": stored,
        "p50_ms": result.p50_ms,
        "p95_ms": result.p95_ms,
        "rps": round(result.rps, 1),
    }
    say(
        f"  {name:40} {result.rps:8.1f} rps  p95 {result.p95_ms:7.1f} ms"
        f"  answered 201: {result.ok}, stored: {stored}, failed: {row['failed']}"
    )
    return row


def active_logs(user: str, count: int) -> list[str]:
    items = search(
        {
            "portal_type": "RelayLog",
            "review_state": ["level1", "level2", "level3"],
            "sort_on": "path",
            "b_size": count,
        },
        auth=(user, PASSWORD),
    )["items"]
    return [urllib.parse.urlparse(item["@id"]).path for item in items]


def measure_users(paths: dict, cookies: dict, measured: set) -> list:
    """The 20-user mode (bench/users.py) on the reads wrk measured, then writes."""
    say(f"As people: {users.think_text()}")
    found = []
    for target in TARGETS:
        if target[0] in users.READS and target[0] in measured:
            url, headers = target_request(target, paths, cookies)
            drain(url, headers)
            found.append(said(users.run(users.Load(target[0], url, headers))))
    if not selected([("writes", "", "", "", False, False)]):
        return found
    body = json.dumps({"@type": "LogMessage", "kind": "message", "text": "Users."})
    many = active_logs(HOLDER_OF_MANY, users.USERS)
    for name, log_paths, user in (
        (f"{users.USERS} users post to one log", [paths["log"]], "ansatt"),
        (f"{users.USERS} users post to {len(many)} logs", many, HOLDER_OF_MANY),
    ):
        urls = [f"{zope_url()}{path}" for path in log_paths]
        headers = {
            "Cookie": cookies[user],
            "Accept": "application/json",
            "Content-Type": "application/json",
        }
        drain(urls[0], {"Cookie": cookies[user]})
        before = count_messages(urls)
        load = users.Load(name, urls[0], headers, "POST", body.encode(), 201, log_paths)
        result = users.run(load)
        result.stored = count_messages(urls) - before
        found.append(said(result))
    return found


def drain(url: str, headers: dict) -> None:
    """One request first: it waits behind what the last wrk run left queued in
    the server (wrk closes its connections; Zope still answers them)."""
    get(url, cookie=headers.get("Cookie"), json_="Accept" in headers, timeout=600)


def said(result):
    stored = "" if result.stored is None else f", stored {result.stored}"
    say(
        f"  {result.name:40} {result.requests:5} requests  p50 {result.p50_ms:7.1f}"
        f" ms  p95 {result.p95_ms:7.1f} ms  failed {result.failed}{stored}"
    )
    return result


# --- The run --------------------------------------------------------------------


def selected(targets):
    wanted = [w for w in os.environ.get("BENCH_TARGETS", "").split(",") if w]
    return [t for t in targets if not wanted or any(w in t[0] for w in wanted)]


def measure_level(count: int, var: Path, full: bool, run: Path) -> dict:
    found = {"logs": count, "results": [], "writes": [], "users": []}
    with ExitStack() as stack:
        stack.enter_context(zope(var))
        mail = stack.enter_context(as_in_production(run / "mail"))
        paths = find_paths()
        users = {t[2] for t in TARGETS if t[2]} | {HOLDER_OF_MANY}
        cookies = {user: login_cookie(user) for user in users}
        targets = selected(TARGETS if full else [t for t in TARGETS if t[5]])
        if full:
            html = get(f"{zope_url()}{paths['guide']}")[2].decode()
            stack.enter_context(nginx(run, html))
            stack.enter_context(varnish(run))
        say(f"{count} logs: {len(targets)} targets, {SECONDS} s each, -c{CONNECTIONS}")
        for target in targets:
            result = run_target(target, paths, cookies, count)
            if result is not None:
                result.group = "growth" if target[5] else "read"
                found["results"].append(result)
            if target[5]:  # what one person waits for, without a queue
                alone = run_target(target, paths, cookies, count, connections=1)
                if alone is not None:
                    alone.group = "one user"
                    found["results"].append(alone)
        if full and selected([("writes", "", "", "", False, False)]):
            found["writes"].append(
                run_writes(
                    "20 users post to one log", [paths["log"]], cookies["ansatt"], count
                )
            )
            many = active_logs(HOLDER_OF_MANY, 20)
            found["writes"].append(
                run_writes(
                    f"20 users post to {len(many)} logs",
                    many,
                    cookies[HOLDER_OF_MANY],
                    count,
                )
            )
        if full:
            measured = {r.name for r in found["results"]}
            found["users"] = measure_users(paths, cookies, measured)
        found["mails"] = mails_in(mail)
        say(f"  mails sent to the catcher: {found['mails']}")
    return found


def measure_cluster() -> tuple[list[dict], list]:
    """bench/cluster.py: the same reads on 1 process and on 2 behind HAProxy;
    then the 20-user mode on the 2 (``cluster_users``)."""
    var = OUT / "cluster"
    say(f"Cluster: {cluster.ZOPES} Zope processes on PostgreSQL ({var}) ...")
    with (
        cluster.running(PORT + 3, var, CHILD_ENV) as (one, two),
        as_in_production(var / "mail", base=one) as mail,
    ):
        query = {"portal_type": "GuideStep", "sort_on": "path", "b_size": 1}
        guide = search(query, base=one)["items"][0]["@id"]
        cookie = login_cookie("ansatt", base=one)
        query = {"portal_type": "RelayLog", "review_state": "level2", "b_size": 1}
        log = search(query, auth=("ansatt", PASSWORD), base=one)["items"][0]["@id"]
        holder = {"Cookie": cookie}
        loads = [
            ("guide page, anonymous", urllib.parse.urlparse(guide).path, {}),
            ("log page as holder", urllib.parse.urlparse(log).path, holder),
        ]
        for _, path, headers in loads:  # warm both processes
            for _ in range(2 * cluster.ZOPES):
                get(two + path, cookie=headers.get("Cookie"), timeout=300)

        def measure(name, url, headers):
            path = url.removeprefix(one).removeprefix(two)
            for process in cluster.process_urls(one):  # what the last run left
                drain(process + path, headers)
            result = parse_wrk(name, wrk(url, SECONDS, headers))
            say(f"  {name:40} {result.rps:8.1f} rps  p95 {result.p95_ms:7.1f} ms")
            return result

        rows = cluster.compare(loads, one, two, measure)
        reads = [
            *loads,
            ("log REST GET as holder", loads[1][1], {**holder, **JSON}),
            (
                "my-logs as guardian",
                f"/{SITE}/@@my-logs",
                {"Cookie": login_cookie("forelder", base=one)},
            ),
            (
                "dashboard as coordinator",
                f"/{SITE}/logs/@@dashboard",
                {"Cookie": login_cookie("koordinator", base=one)},
            ),
        ]
        people = cluster_users(one, two, reads, loads[1][1], holder)
        say(f"  mails sent to the catcher: {mails_in(mail)}")
        return rows, people


JSON = {"Accept": "application/json"}


def cluster_users(one: str, two: str, reads: list, log: str, holder: dict) -> list:
    """The 20-user mode on both processes behind HAProxy (no Varnish: every
    request reaches Zope), reads then writes to one log: what people wait
    for where the product runs as the README's "Deploying at scale" says."""
    say(f"As people, on {cluster.ZOPES} processes: {users.think_text()}")
    on = f"on {cluster.ZOPES} processes"
    found = []
    for name, path, headers in reads:
        for process in cluster.process_urls(one):
            drain(process + path, headers)
        found.append(said(users.run(users.Load(f"{name}, {on}", two + path, headers))))
    if not selected([("writes", "", "", "", False, False)]):
        return found
    body = json.dumps({"@type": "LogMessage", "kind": "message", "text": "Users."})
    headers = {**holder, **JSON, "Content-Type": "application/json"}
    before = count_messages([two + log], base=one)
    name = f"{users.USERS} users post to one log, {on}"
    result = users.run(users.Load(name, two + log, headers, "POST", body.encode(), 201))
    result.stored = count_messages([two + log], base=one) - before
    found.append(said(result))
    return found


def by_name(results, name):
    return next((r for r in results if r.name == name), None)


def checks(full: dict, levels: list[dict]) -> list[Check]:
    results = full["results"]
    cached = by_name(results, "guide page, Varnish (cached)")
    static = by_name(results, "guide page, nginx static copy")
    guide = by_name(results, "guide page, Zope (uncached)")
    vanilla = by_name(results, "vanilla Plone Document, Zope")
    people = full.get("users", [])
    found = [
        at_least(
            "cached anonymous guide ≥ 0.5x nginx static", ratio(cached, static), 0.5
        ),
        at_most("cached anonymous guide p95 ≤ 10 ms", cached and cached.p95_ms, 10),
        at_least("uncached guide ≥ 0.9x vanilla Document", ratio(guide, vanilla), 0.9),
        at_most(
            f"{users.USERS} users, anonymous p95 ≤ 150 ms",
            users.worst_p95(people, users.ANONYMOUS),
            150,
        ),
        at_most(
            f"{users.USERS} users, log read p95 ≤ 250 ms",
            users.worst_p95(people, users.LOG_READS),
            250,
        ),
        at_most(
            f"{users.USERS} users, write p95 ≤ 400 ms",
            users.worst_p95(people, [r.name for r in people if r.stored is not None]),
            400,
        ),
    ]
    failed = sum(w["failed"] + max(0, w["sent"] - w["stored"]) for w in full["writes"])
    found.append(
        at_most(
            "0 failed or lost writes (saturation, 20 users)",
            failed + (users.lost(people) or 0) if full["writes"] else None,
            0,
            "",
        )
    )
    # A coordinator opening the dashboard: one user, so the p95 is the
    # page's own time at that many logs, not the queue of a saturation run.
    dashboards = [r for r in results if "dashboard" in r.name and r.group == "one user"]
    found.append(
        at_most(
            f"dashboard over {full['logs']} logs, one user, p95 ≤ 300 ms",
            max((r.p95_ms for r in dashboards), default=None),
            300,
        )
    )
    for name in growth_names(levels):
        series = [by_name(level["results"], name) for level in levels]
        series = [r for r in series if r]
        if len(series) > 1:
            found.append(
                at_most(
                    f"{name}: growth {series[0].logs}→{series[-1].logs} logs ≤ 1.5x",
                    growth(series[0], series[-1]),
                    1.5,
                    "x",
                )
            )
    return found


def growth_names(levels: list[dict]) -> list[str]:
    names = [n for t in TARGETS if t[5] for n in (t[0], f"{t[0]}, one user")]
    return [n for n in names if any(by_name(lv["results"], n) for lv in levels)]


def report(levels: list[dict], started: datetime) -> str:
    full = levels[-1]
    static = by_name(full["results"], "guide page, nginx static copy")
    growth_rows = [
        (name, [r for r in (by_name(lv["results"], name) for lv in levels) if r])
        for name in growth_names(levels)
    ]
    reads = list(full["results"])
    parts = [
        f"make bench, {started:%Y-%m-%d %H:%M} UTC, {full['logs']} generated logs;"
        f" load average at the start {LOAD_AT_START[0]:.1f} on {os.cpu_count()}"
        " CPUs (the load tools share them)",
        "",
        f"Saturation: wrk -t2 -c{CONNECTIONS}, no think time, {SECONDS} s per"
        " target: what one Zope process serves at most; latencies are mostly"
        " queueing (x baseline: rps over the nginx static copy)",
        "",
        results_table(reads, static),
        "",
        writes_table(full["writes"]) if full["writes"] else "",
        "",
        f"As people: {users.think_text()}; the targets below are judged here",
        "",
        users.table(full["users"]) if full.get("users") else "",
        "",
        growth_table(growth_rows) if len(levels) > 1 else "",
        "",
        checks_table(checks(full, levels)),
    ]
    return "\n".join(p for p in parts if p is not None)


def main() -> int:
    LOAD_AT_START[:] = os.getloadavg()
    started = datetime.utcnow()
    OUT.mkdir(parents=True, exist_ok=True)
    run = OUT / "run"
    run.mkdir(exist_ok=True)
    for port in (ZOPE_PORT, NGINX_PORT, VARNISH_PORT):
        if not port_free(port):
            raise SystemExit(f"port {port} is in use (BENCH_PORT=... to move)")
    levels = []
    for number, count in enumerate([] if CLUSTER == "only" else LOG_COUNTS):
        var = prepare_data(count)
        full = number == len(LOG_COUNTS) - 1
        levels.append(measure_level(count, var, full, run))
    scaling, people = measure_cluster() if CLUSTER else ([], [])
    parts = [report(levels, started)] if levels else []
    if scaling:
        parts.append(
            f"Reads per process, load average {os.getloadavg()[0]:.1f} at the end\n\n"
            + cluster.table(scaling)
        )
    if people:
        parts.append(
            f"As people on {cluster.ZOPES} processes (HAProxy, RelStorage):"
            f" {users.think_text()}\n\n{users.table(people)}\n\n"
            + checks_table(cluster.people_checks(people))
        )
    text = "\n\n".join(parts)
    say("")
    say(text)
    stamp = f"{started:%Y%m%d-%H%M%S}"
    data = {
        "started": started.isoformat(),
        "seconds_per_target": SECONDS,
        "connections": CONNECTIONS,
        "load_average_at_start": LOAD_AT_START,
        "cpus": os.cpu_count(),
        "levels": [
            {
                **lv,
                "results": [r.as_dict() for r in lv["results"]],
                "users": [r.as_dict() for r in lv["users"]],
            }
            for lv in levels
        ],
        "think_seconds": users.THINK,
        "checks": [c.__dict__ for c in checks(levels[-1], levels)] if levels else [],
        "cluster": scaling,
        "cluster_users": [r.as_dict() for r in people],
        "cluster_checks": [c.__dict__ for c in cluster.people_checks(people)]
        if people
        else [],
    }
    (OUT / f"{stamp}.json").write_text(json.dumps(data, indent=1))
    (OUT / f"{stamp}.md").write_text(text + "\n")
    say(f"\nSaved var/bench/{stamp}.json and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
