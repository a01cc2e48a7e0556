"""The cluster (make start-cluster) and its drills (make drill), end to end.

The slow test (level 3) starts PostgreSQL, creates one demo site on RelStorage,
runs two Zope processes behind HAProxy and Varnish, then checks through them:
access to a log only through a local role, 20 concurrent writers on one log
split over both processes (nothing refused, nothing lost; through HAProxy a
log's writes go to one process), the audit chain in PostgreSQL, and the
durability drills (kill -9 under write load, a process stopped for 30 s
under write load, pg_dump and pg_restore, repozo
for FileStorage). Ports: the cluster's environment variables (BTI_ZOPE_PORT,
BTI_HAPROXY_PORT, BTI_VARNISH_PORT, BTI_DRILL_PORT, BTI_PG_PORT).
"""

from bti.portal.logmask import mask
from concurrent.futures import ThreadPoolExecutor
from OFS.Application import Application
from OFS.Image import manage_addFile
from pathlib import Path
from urllib.parse import urlsplit
from ZODB import DB
from ZODB.FileStorage import FileStorage

import json
import os
import requests
import shutil
import subprocess
import sys
import tempfile
import unittest


ROOT = Path(__file__).resolve().parent.parent
CLUSTER = ROOT / "scripts" / "cluster" / "cluster.py"
DRILL = ROOT / "scripts" / "cluster" / "drill.py"
POSTGRES = ROOT / "scripts" / "cluster" / "postgres.sh"
VERIFY = ROOT / "scripts" / "verify_audit.py"
SITE = "byn"
PASSWORD = "bti-demo"  # the demo users' password
JSON = {"Accept": "application/json"}
REFUSED = (401, 403, 404)
WRITERS, PER_WRITER = 20, 5
MARKER = b"restored from repozo"


def make_filestorage(var: Path) -> None:
    """var/filestorage/Data.fs: a Zope root with a text file in it."""
    (var / "filestorage").mkdir()
    (var / "blobstorage").mkdir()
    storage = FileStorage(str(var / "filestorage" / "Data.fs"))
    db = DB(storage)
    with db.transaction() as connection:
        app = Application()
        connection.root()["Application"] = app
        manage_addFile(app, "drill-marker", file=MARKER, content_type="text/plain")
    db.close()


def run(args, env, timeout=900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(arg) for arg in args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


class ClusterLayer:
    """The cluster on a fresh $BTI_VAR with the site byn, stopped after.

    A zope.testrunner layer: the runner does not call setUpClass.
    """

    var = env = None

    @classmethod
    def setUp(cls):
        cls.var = Path(tempfile.mkdtemp(prefix="bti-cluster-"))
        os.chmod(cls.var, 0o711)  # noqa: S103 - the postgres user passes through
        cls.env = {**os.environ, "BTI_VAR": str(cls.var), "BTI_SITES": SITE}
        cls.env.pop("BTI_AUDIT_DSN", None)
        result = run([sys.executable, CLUSTER, "start", "--background"], cls.env)
        cls.start_output = result.stdout + result.stderr
        try:
            if result.returncode:
                raise AssertionError(f"start-cluster:\n{cls.start_output[-4000:]}")
            cls.haproxy = cls.url_in("HAProxy")
            cls.varnish = cls.url_in("Varnish")
        except BaseException:
            cls.tearDown()
            raise

    @classmethod
    def url_in(cls, what: str) -> str:
        urls = [line.split() for line in cls.start_output.splitlines()]
        url = next(
            w[0]
            for w in urls
            if len(w) > 1 and w[0].startswith("http") and what in w[1]
        )
        return url.rstrip("/")

    @classmethod
    def tearDown(cls):
        if cls.var is not None:
            run([sys.executable, CLUSTER, "stop"], cls.env, timeout=120)
            shutil.rmtree(cls.var, ignore_errors=True)
            cls.var = None


def get(url: str, user: str | None = None, **params) -> requests.Response:
    auth = (user, PASSWORD) if user else None
    return requests.get(
        url, auth=auth, headers=JSON, params=params, timeout=120, allow_redirects=False
    )


def logs_seen_by(base: str, user: str) -> set[str]:
    response = get(f"{base}/{SITE}/@search", user, portal_type="RelayLog")
    response.raise_for_status()
    return {item["@id"] for item in response.json()["items"]}


def post_messages(log_url: str, writer: int) -> list[int]:
    statuses = []
    with requests.Session() as session:
        session.auth = ("ansatt", PASSWORD)
        session.headers.update(JSON)
        for number in range(PER_WRITER):
            response = session.post(
                log_url,
                json={
                    "@type": "LogMessage",
                    "kind": "message",
                    "text": f"Klyngeskrivar {writer}, melding {number}.",
                },
                timeout=120,
            )
            statuses.append(response.status_code)
    return statuses


class TestCluster(unittest.TestCase):
    layer = ClusterLayer
    level = 3

    def setUp(self):
        self.base = ClusterLayer.haproxy
        self.env = ClusterLayer.env
        self.var = ClusterLayer.var

    def served_by(self) -> dict[str, int]:
        """Requests each Zope process answered (its access log)."""
        counts = {}
        for log in sorted(self.var.glob("cluster/zope*/log/access.log")):
            counts[log.parent.parent.name] = len(log.read_text().splitlines())
        return counts

    def test_1_a_log_only_through_a_local_role(self):
        guardian = logs_seen_by(self.base, "forelder")
        holder = logs_seen_by(self.base, "ansatt")
        self.assertTrue(guardian, "forelder is guardian of demo logs")
        self.assertTrue(holder - guardian, "ansatt holds logs forelder is not on")
        # The refusals below come to users who are logged in (REST says 401).
        for user in ("forelder", "vikar", "ungdom"):
            response = get(f"{self.base}/{SITE}/@users/{user}", user)
            self.assertEqual(response.status_code, 200, user)
        for url in sorted(guardian):
            with self.subTest(url=url):
                self.assertEqual(get(url, "forelder").status_code, 200)
                self.assertIn(get(url, "vikar").status_code, REFUSED)
                self.assertIn(get(url, "ungdom").status_code, REFUSED)
                self.assertIn(get(url).status_code, REFUSED)
        for url in sorted(holder - guardian):
            with self.subTest(url=url):
                self.assertEqual(get(url, "ansatt").status_code, 200)
                self.assertIn(get(url, "forelder").status_code, REFUSED)
        # Through Varnish too: nothing of a log comes from its cache.
        url = sorted(guardian)[0].replace(self.base, ClusterLayer.varnish)
        self.assertIn(get(url).status_code, REFUSED)
        self.assertEqual(get(url, "forelder").status_code, 200)
        self.assertIn(get(url).status_code, REFUSED)
        # Zope's virtual hosting is the proxy's: a client naming it gets 404
        # (the page would link and load scripts from the host named).
        for front in (self.base, ClusterLayer.varnish):
            for path in (
                f"VirtualHostBase/https/evil.example:443/{SITE}/VirtualHostRoot/",
                f"{SITE}/virtualhostroot/_vh_x/logs",
            ):
                with self.subTest(front=front, path=path):
                    self.assertEqual(
                        get(f"{front}/{path}", "forelder").status_code, 404
                    )

    def test_2_twenty_writers_on_both_processes(self):
        """Writers on one log, half of them on each process (straight to it:
        HAProxy sends a log's writes to one process), then HAProxy's share."""
        active = get(
            f"{self.base}/{SITE}/@search",
            "ansatt",
            portal_type="RelayLog",
            review_state="level2",
        ).json()["items"]
        log_url = active[0]["@id"]
        path = urlsplit(log_url).path
        first = int(self.env.get("BTI_ZOPE_PORT", 8091))
        processes = [f"http://127.0.0.1:{first + n}{path}" for n in (0, 1)]
        before = get(log_url, "ansatt", b_size=1).json()["items_total"]
        served = self.served_by()
        with ThreadPoolExecutor(max_workers=WRITERS) as pool:
            results = list(
                pool.map(lambda n: post_messages(processes[n % 2], n), range(WRITERS))
            )
        statuses = [status for writer in results for status in writer]
        failed = [status for status in statuses if status != 201]
        self.assertEqual(failed, [], f"{len(failed)} of {len(statuses)} failed")
        after = get(log_url, "ansatt", b_size=1).json()["items_total"]
        self.assertEqual(after - before, WRITERS * PER_WRITER)
        grown = self.grown_since(served)
        self.assertEqual(len(grown), 2, grown)
        for name, count in grown.items():
            self.assertGreaterEqual(count, WRITERS * PER_WRITER // 2, (name, grown))
        # Through HAProxy, each log's writes go to one process.
        logs = [item["@id"] for item in active[:4]]
        offsets = self.log_sizes()
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(
                pool.map(lambda n: post_messages(logs[n % len(logs)], n), range(8))
            )
        self.assertEqual({s for writer in results for s in writer}, {201})
        for number, url in enumerate(logs):
            posted = self.posts_since(offsets, urlsplit(url).path)
            writers = len(range(number, 8, len(logs)))
            self.assertEqual(len(posted), 1, (url, posted))  # one process
            self.assertEqual(sum(posted.values()), writers * PER_WRITER, posted)

    def log_sizes(self) -> dict:
        return {
            log: log.stat().st_size
            for log in self.var.glob("cluster/zope*/log/access.log")
        }

    def posts_since(self, offsets: dict, path: str) -> dict[str, int]:
        """POSTs to ``path`` in each process's access log after ``offsets``
        (a log id with 11 digits in a row is masked there, as a national id
        could be)."""
        found = {}
        for log, offset in offsets.items():
            with log.open("rb") as stream:
                stream.seek(offset)
                text = stream.read().decode()
            count = text.count(f'"POST {mask(path)} ')  # as the log writes it
            if count:
                found[log.parent.parent.name] = count
        return found

    def grown_since(self, served: dict) -> dict:
        return {
            name: count - served.get(name, 0)
            for name, count in self.served_by().items()
        }

    def test_3_the_audit_chain_in_postgresql_verifies(self):
        dsn = run([POSTGRES, "dsn"], self.env).stdout.strip()
        result = run(
            [sys.executable, VERIFY], {**self.env, "BTI_AUDIT_DSN": dsn}, timeout=300
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        count = int(result.stdout.split(f"{SITE}: ")[1].split()[0])
        self.assertGreater(count, WRITERS * PER_WRITER, result.stdout)
        self.assertIn(f"{SITE}: {count} records, chain intact", result.stdout)
        self.assertEqual(list(self.var.glob("audit/*.sqlite")), [], "no audit files")

    def test_4_drills(self):
        make_filestorage(self.var)  # make start's layout, for the repozo drill
        fs_env = {**self.env, "BTI_DRILL_PATHS": "/drill-marker"}
        result = run([sys.executable, DRILL], fs_env, timeout=600)
        output = result.stdout + result.stderr
        self.assertEqual(result.returncode, 0, output[-4000:])
        self.assertIn("0 acknowledged writes lost", output)
        self.assertIn("restored and serves", output)
        self.assertIn("drills: kill ok, stuck ok, backup ok, repozo ok", output)
        acknowledged = int(output.split("kill drill: ")[1].split()[0])
        self.assertGreater(acknowledged, 10, output)
        for drill in ("kill drill", "stuck drill"):
            print("\n" + next(x for x in output.splitlines() if x.startswith(drill)))
        # The killed process runs again and takes requests.
        state = json.loads((self.var / "cluster" / "processes.json").read_text())
        self.assertEqual(len(state), 4)
        self.assertEqual(get(f"{self.base}/{SITE}").status_code, 200)
