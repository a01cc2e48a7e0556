"""Configuration of the cluster: ports, folders, and the files each part reads.

Everything lives under $BTI_VAR/cluster (default var/cluster): one folder per
Zope process (etc/zope.conf on RelStorage, etc/zope.ini, logs, blob cache), the
HAProxy configuration and Varnish's VCL with the HAProxy frontend as backend.
Environment: BTI_VAR, BTI_ZOPES (number of Zope processes, 2), BTI_ZOPE_PORT
(first Zope port, 8091; the others follow), BTI_HAPROXY_PORT (8090),
BTI_VARNISH_PORT (6081, plone.cachepurging's default purge target),
BTI_DRILL_PORT (8099, the Zope that make drill starts on a restored backup),
BTI_PG_PORT (5433), BTI_PG_DB (bti), BTI_THREADS (request threads a process, 1:
HAProxy hands each process that many requests at a time and queues the rest).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from string import Template

import os
import re
import shutil
import subprocess


ROOT = Path(__file__).resolve().parent.parent.parent
INSTANCE_TEMPLATES = ROOT / "scripts" / "instance"
POSTGRES = ROOT / "scripts" / "cluster" / "postgres.sh"
VCL = ROOT / "deploy" / "varnish" / "bti.vcl"
HOST = "127.0.0.1"


PORTS = (1, 65535)


def whole(env, name: str, default: int, limits: tuple = (1, 10_000)) -> int:
    """$name as a whole number within ``limits``; else the command stops with
    a message that names the variable (not a traceback)."""
    value = env.get(name, "") or str(default)
    if not value.strip().isdigit() or not limits[0] <= int(value) <= limits[1]:
        raise SystemExit(
            f"{name} must be a whole number from {limits[0]} to {limits[1]},"
            f" not {value!r}"
        )
    return int(value)


@dataclass(frozen=True)
class Cluster:
    var: Path
    zopes: int
    zope_port: int
    haproxy_port: int
    varnish_port: int
    drill_port: int
    database: str
    threads: int = 1

    @classmethod
    def from_env(cls, env: dict | None = None) -> Cluster:
        env = os.environ if env is None else env
        return cls(
            var=Path(env.get("BTI_VAR") or ROOT / "var").resolve(),
            zopes=whole(env, "BTI_ZOPES", 2),
            zope_port=whole(env, "BTI_ZOPE_PORT", 8091, PORTS),
            haproxy_port=whole(env, "BTI_HAPROXY_PORT", 8090, PORTS),
            varnish_port=whole(env, "BTI_VARNISH_PORT", 6081, PORTS),
            drill_port=whole(env, "BTI_DRILL_PORT", 8099, PORTS),
            database=env.get("BTI_PG_DB", "bti"),
            threads=whole(env, "BTI_THREADS", 1),
        )

    @property
    def home(self) -> Path:
        return self.var / "cluster"

    @property
    def state_file(self) -> Path:
        return self.home / "processes.json"

    @property
    def zope_ports(self) -> list[int]:
        return [self.zope_port + number for number in range(self.zopes)]

    @property
    def public_url(self) -> str:
        return f"http://localhost:{self.varnish_port}"

    @property
    def haproxy_url(self) -> str:
        return f"http://localhost:{self.haproxy_port}"

    def zope_home(self, number: int) -> Path:
        return self.home / f"zope{number + 1}"

    def zope_conf(self, number: int) -> Path:
        return self.zope_home(number) / "etc" / "zope.conf"

    def zope_ini(self, number: int) -> Path:
        return self.zope_home(number) / "etc" / "zope.ini"

    def postgres(self, *args: str, **options) -> subprocess.CompletedProcess:
        env = {**os.environ, "BTI_VAR": str(self.var), "BTI_PG_DB": self.database}
        return subprocess.run(
            [str(POSTGRES), *args],
            env=env,
            check=True,
            text=True,
            stdout=options.pop("stdout", subprocess.PIPE),
            **options,
        )

    def dsn(self, database: str | None = None) -> str:
        return self.postgres("dsn", database or self.database).stdout.strip()


def write_zope(home: Path, var: Path, port: int, dsn: str, threads: int = 1) -> Path:
    """etc/zope.conf (RelStorage), etc/zope.ini and site.zcml of one process."""
    etc = home / "etc"
    for folder in (etc, home / "log", home / "cache", home / "blobcache"):
        folder.mkdir(parents=True, exist_ok=True)
    os.chmod(home, 0o700)  # zope.conf holds the database password
    conf = Template((INSTANCE_TEMPLATES / "zope-relstorage.conf.in").read_text())
    (etc / "zope.conf").write_text(conf.substitute(instance=home, var=var, dsn=dsn))
    ini = Template((INSTANCE_TEMPLATES / "zope.ini.in").read_text())
    text = ini.substitute(
        instance=home, var=home, host=HOST, port=port, threads=threads
    )
    (etc / "zope.ini").write_text(text)
    shutil.copyfile(INSTANCE_TEMPLATES / "site.zcml", etc / "site.zcml")
    return etc / "zope.ini"


# /<site>/logs/<log>/... -> "<site>/logs/<log>", hashed to a process number.
LOG_HASH = "path,field(2,/,3),crc32(1),mod"
# Path segments of Zope's virtual host monster (the VCL refuses them too).
VHM_PATH = "/(VirtualHostBase|VirtualHostRoot|_vh_[^/]*)(/|$)"


def haproxy_config(cluster: Cluster) -> str:
    servers = "\n".join(
        f"    server zope{number + 1} {HOST}:{port} maxconn {cluster.threads}"
        " check inter 1s fall 3 rise 2 observe layer4 error-limit 3 on-error mark-down"
        for number, port in enumerate(cluster.zope_ports)
    )
    writes = "\n".join(
        f"    use-server zope{number + 1} if write {{ var(txn.log) -m int {number} }}"
        for number in range(cluster.zopes)
    )
    return f"""\
# Generated by scripts/cluster/cluster_config.py: each Zope process gets as
# many requests at a time as it has threads, the least busy first; the rest
# wait here, in one queue, not behind a slow page in one process's queue.
# Writes in one log (/<site>/logs/<log>/...) go to one process, so they never
# conflict with each other across processes (if it is down, to the least busy).
# A process that refuses connections leaves the rotation within 3 s (at once
# when three requests in a row cannot connect to it); one that takes them but
# does not answer (stuck: its thread blocked) when three health checks in a
# row (GET /ok, Plone's cheapest page) got no answer in 4 s: a page that takes
# a while delays a check, it does not fail it. Its logs' writes then go to
# another process instead of waiting for it;
# and a request that could not connect is retried on another process (only
# connection failures: a POST that reached a process is never sent twice). A
# request still queued when its client goes away is dropped, not served; the
# queue gives up before Varnish does (60 s). The stats socket answers
# "show stat" (which process is UP) to scripts/cluster/drill.py and people.
global
    maxconn 512
    stats socket {cluster.home}/haproxy.sock mode 600 level user

defaults
    mode http
    option forwardfor
    option redispatch 1
    option abortonclose
    retries 3
    timeout connect 2s
    timeout queue 30s
    timeout client 300s
    timeout server 300s
    timeout http-request 30s

frontend bti
    bind {HOST}:{cluster.haproxy_port}
    # Zope's virtual hosting is the proxy's to set, never a client's.
    acl vhm path_reg -i {VHM_PATH}
    http-request deny deny_status 404 if vhm
    default_backend zope

backend zope
    balance leastconn
    option httpchk GET /ok
    http-check expect status 200
    timeout check 4s
    acl write method POST PUT PATCH DELETE
    http-request set-var(txn.log) {LOG_HASH}({cluster.zopes}) if write
{writes}
{servers}
"""


def varnish_vcl(cluster: Cluster) -> str:
    """deploy/varnish/bti.vcl with HAProxy as its backend."""
    text = VCL.read_text()
    text, count = re.subn(
        r'(backend zope \{\s*\.host = )"[^"]*";(\s*\.port = )"\d+";',
        rf'\1"{HOST}";\2"{cluster.haproxy_port}";',
        text,
    )
    if count != 1:
        raise ValueError(f"{VCL}: no 'backend zope' block with .host and .port")
    return text


def write_all(cluster: Cluster) -> None:
    cluster.home.mkdir(parents=True, exist_ok=True)
    dsn = cluster.dsn()
    for number, port in enumerate(cluster.zope_ports):
        write_zope(cluster.zope_home(number), cluster.var, port, dsn, cluster.threads)
    (cluster.home / "haproxy.cfg").write_text(haproxy_config(cluster))
    (cluster.home / "bti.vcl").write_text(varnish_vcl(cluster))
