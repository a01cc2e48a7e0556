"""The cluster's generated configuration (scripts/cluster/cluster_config.py),
without starting anything: zope.conf on RelStorage parses with Zope's schema,
HAProxy lists every process, Varnish's VCL points at HAProxy."""

from pathlib import Path
from Zope2.Startup.options import ZopeWSGIOptions

import importlib.util
import os
import sys
import tempfile
import unittest


ROOT = Path(__file__).resolve().parent.parent
DSN = "dbname='bti' user='bti' host='127.0.0.1' port='5433' password='x'"


def load_config_module():
    path = ROOT / "scripts" / "cluster" / "cluster_config.py"
    spec = importlib.util.spec_from_file_location("cluster_config", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("cluster_config", module)  # dataclasses look it up
    spec.loader.exec_module(sys.modules["cluster_config"])
    return sys.modules["cluster_config"]


class TestClusterConfig(unittest.TestCase):
    def setUp(self):
        self.config = load_config_module()
        folder = tempfile.TemporaryDirectory(prefix="bti-cluster-conf-")
        self.addCleanup(folder.cleanup)
        self.var = Path(folder.name)
        self.cluster = self.config.Cluster.from_env({
            "BTI_VAR": str(self.var),
            "BTI_ZOPES": "3",
            "BTI_ZOPE_PORT": "9001",
            "BTI_HAPROXY_PORT": "9000",
            "BTI_VARNISH_PORT": "9100",
        })

    def test_ports_and_urls(self):
        self.assertEqual(self.cluster.zope_ports, [9001, 9002, 9003])
        self.assertEqual(self.cluster.public_url, "http://localhost:9100")
        self.assertEqual(self.cluster.zope_home(1), self.var / "cluster" / "zope2")

    def test_zope_conf_on_relstorage_parses(self):
        home = self.cluster.zope_home(0)
        ini = self.config.write_zope(home, self.var, 9001, DSN)
        self.assertIn("listen = 127.0.0.1:9001", ini.read_text())
        self.assertIn(f"('{home}/log/access.log', 'a')", ini.read_text())
        self.assertEqual(os.stat(home).st_mode & 0o777, 0o700)
        conf = home / "etc" / "zope.conf"
        options = ZopeWSGIOptions(str(conf))()
        config = options.configroot
        self.assertEqual(config.product_config["bti.portal"]["audit-dsn"], DSN)
        self.assertEqual(
            config.product_config["bti.portal"]["mail-queue-dir"],
            f"{self.var}/mailqueue",  # one folder for the host's processes
        )
        self.assertEqual(config.max_conflict_retries, 10)
        (database,) = config.databases
        storage = database.config.storage.config
        self.assertFalse(storage.keep_history)
        self.assertFalse(storage.shared_blob_dir)
        self.assertEqual(storage.adapter.config.dsn, DSN)

    def test_a_number_that_is_not_one_stops_with_its_name(self):
        for name, value in (
            ("BTI_THREADS", "abc"),
            ("BTI_THREADS", "0"),
            ("BTI_ZOPES", "-1"),
            ("BTI_ZOPE_PORT", "70000"),
            ("BTI_HAPROXY_PORT", "80.5"),
        ):
            with self.assertRaises(SystemExit) as stopped:
                self.config.Cluster.from_env({"BTI_VAR": str(self.var), name: value})
            self.assertIn(name, str(stopped.exception))
            self.assertIn(repr(value), str(stopped.exception))

    def test_haproxy_lists_every_process(self):
        text = self.config.haproxy_config(self.cluster)
        self.assertIn("bind 127.0.0.1:9000", text)
        self.assertIn("balance leastconn", text)
        self.assertIn("timeout queue 30s", text)  # below Varnish's 60 s
        self.assertIn("option abortonclose", text)
        # A stuck process (takes connections, never answers) leaves too.
        self.assertIn("option httpchk GET /ok\n    http-check expect status 200", text)
        self.assertIn("timeout check 4s", text)
        sock = self.var / "cluster" / "haproxy.sock"
        self.assertIn(f"stats socket {sock} mode 600 level user", text)
        self.assertIn("check inter 1s fall 3 rise 2", text)
        self.assertIn("path,field(2,/,3),crc32(1),mod(3) if write", text)
        for number in range(3):  # a log's writes: one process, by its path
            rule = f"if write {{ var(txn.log) -m int {number} }}"
            self.assertIn(f"use-server zope{number + 1} {rule}", text)
        self.assertEqual(text.count("    server zope1 "), 1)  # one maxconn count
        for number, port in enumerate(self.cluster.zope_ports, start=1):
            self.assertIn(f"server zope{number} 127.0.0.1:{port} maxconn 1 check", text)

    def test_threads_a_process_reach_zope_and_haproxy(self):
        home = self.cluster.zope_home(0)
        ini = self.config.write_zope(home, self.var, 9001, DSN)
        self.assertIn("\nthreads = 1\n", ini.read_text())
        cluster = self.config.Cluster.from_env({
            "BTI_VAR": str(self.var),
            "BTI_THREADS": "3",
        })
        ini = self.config.write_zope(home, self.var, 9001, DSN, cluster.threads)
        self.assertIn("\nthreads = 3\n", ini.read_text())
        self.assertIn("maxconn 3 check", self.config.haproxy_config(cluster))

    def test_varnish_backend_is_haproxy(self):
        vcl = self.config.varnish_vcl(self.cluster)
        self.assertIn('.host = "127.0.0.1";\n    .port = "9000";', vcl)
        self.assertNotIn('.port = "8080"', vcl)
        self.assertIn('req.url ~ "^(/[^/?]+)?/logs(/|\\?|$)"', vcl)


class TestSingleInstanceConfig(unittest.TestCase):
    """The Makefile's instance (scripts/make_instance.py) retries conflicts as
    often as the cluster's processes do."""

    def test_zope_conf_parses_with_ten_conflict_retries(self):
        spec = importlib.util.spec_from_file_location(
            "make_instance", ROOT / "scripts" / "make_instance.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with tempfile.TemporaryDirectory() as folder:
            home = Path(folder)
            module.write_instance(home / "instance", home / "var", "127.0.0.1", 8080)
            conf = home / "instance" / "etc" / "zope.conf"
            config = ZopeWSGIOptions(str(conf))().configroot
            ini = (home / "instance" / "etc" / "zope.ini").read_text()
        self.assertEqual(config.max_conflict_retries, 10)
        self.assertIn("\nthreads = 1\n", ini)  # one a process: README "Performance"
        self.assertEqual(
            config.product_config["bti.portal"]["mail-queue-dir"],
            f"{home / 'var'}/mailqueue",
        )
