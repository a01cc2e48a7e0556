"""make bench's prepared data sets: generated once, copied for every run.

var/bench/data-<N>/ holds a demo site ``byn`` with N generated logs (its
filestorage, blobstorage and audit folder) and FINGERPRINT, a hash of the code
that made it (generator, demo loader, site creation). A set
whose fingerprint differs is made again; a new set starts from the largest
current smaller one and is topped up (``make demo-data`` code, LOGS_TOTAL).
A build that is stopped (the generator commits every 100 logs) leaves
BUILDING with the fingerprint; the next build of that set resumes from what
was committed. Each measurement runs on var/bench/run-<N>/, a fresh copy, so
writes and audit records of one run never reach the next; the copy is brought
to the checkout's profile version by the product's own upgrade steps, as a
deployed site would be (a new index does not make the set again).

A build of hours (100,000 logs) goes on across sessions; ``snapshot`` makes
what it has committed so far a set of its own (var/bench/data-<logs so far>),
so growth can be measured along the way: ``python bench/datasets.py snapshot
100000``, then ``BENCH_LOGS=1000,<logs so far> make bench``.
"""

from pathlib import Path

import hashlib
import os
import shutil
import subprocess
import sys


ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
OUT = ROOT / "var" / "bench"
PORTAL = ROOT / "src" / "bti" / "portal"
# What decides the content of a data set.
SOURCES = [
    PORTAL / "commands" / "demo_data.py",
    PORTAL / "commands" / "create_sites.py",
    PORTAL / "distributions" / "demo_logs.py",
    PORTAL / "distributions" / "generated_logs.py",
    ROOT / "scripts" / "demo_data.py",
    ROOT / "scripts" / "create_sites.py",
]
DATA = ("filestorage", "blobstorage", "audit")


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in SOURCES:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()[:16]


def current(var: Path) -> bool:
    stamp = var / "FINGERPRINT"
    return (
        (var / "filestorage" / "Data.fs").exists()
        and stamp.exists()
        and stamp.read_text().strip() == fingerprint()
    )


def copy_data(source: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in DATA:
        if (source / name).exists():
            shutil.copytree(source / name, target / name)


def instance(var: Path, port: int) -> None:
    subprocess.run(
        [
            *(BIN / "python", ROOT / "scripts" / "make_instance.py"),
            *("--port", str(port), "--instance", var / "instance", "--var", var),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def zconsole(var: Path, script: str, env: dict) -> None:
    conf = var / "instance" / "etc" / "zope.conf"
    subprocess.run(
        [BIN / "zconsole", "run", conf, ROOT / "scripts" / script],
        check=True,
        cwd=ROOT,
        env={**os.environ, **env},
    )


def build(count: int, port: int, site: str, env: dict, say=print) -> Path:
    """var/bench/data-<count>, made or topped up if missing or stale."""
    var = OUT / f"data-{count}"
    if current(var):
        say(f"Data set {var.name}: current ({fingerprint()})")
        return var
    building = var / "BUILDING"
    if building.exists() and building.read_text().strip() == fingerprint():
        say(f"Data set {var.name}: resuming a stopped build ...")
        instance(var, port)
        return finish(var, count, site, env)
    smaller = sorted(
        (int(p.name.split("-")[1]), p)
        for p in OUT.glob("data-*")
        if p.name.split("-")[1].isdigit() and int(p.name.split("-")[1]) < count
    )
    base = next((p for _, p in reversed(smaller) if current(p)), None)
    if base is not None:
        say(f"Data set {var.name}: from {base.name}, topped up ...")
        copy_data(base, var)
    else:
        say(f"Data set {var.name}: new site {site} (30 to 60 s) ...")
        shutil.rmtree(var, ignore_errors=True)
        var.mkdir(parents=True)
    (var / "FINGERPRINT").unlink(missing_ok=True)
    instance(var, port)
    if base is None:
        zconsole(var, "create_sites.py", {**env, "BTI_SITES": site})
    building.write_text(fingerprint() + "\n")
    return finish(var, count, site, env)


def finish(var: Path, count: int, site: str, env: dict) -> Path:
    """Top ``var`` up to ``count`` generated logs and stamp it current (a
    smaller set made by older code is first brought to the checkout's profile:
    the loader indexes what the checkout's catalog has)."""
    zconsole(var, "upgrade_sites.py", env)
    zconsole(var, "demo_data.py", {**env, "LOGS_TOTAL": str(count), "SITE": site})
    shutil.rmtree(var / "instance", ignore_errors=True)
    (var / "FINGERPRINT").write_text(fingerprint() + "\n")
    (var / "BUILDING").unlink(missing_ok=True)
    return var


def prepare(count: int, port: int, site: str, env: dict, say=print) -> Path:
    """A fresh copy of data set ``count`` for one run: var/bench/run-<count>."""
    data = build(count, port, site, env, say)
    run = OUT / f"run-{count}"
    say(f"Copying {data.name} to {run.name} ...")
    copy_data(data, run)
    instance(run, port)
    say(f"Upgrading {run.name} to the checkout's profile ...")
    zconsole(run, "upgrade_sites.py", env)
    shutil.rmtree(run / "instance", ignore_errors=True)
    return run


COUNT_LOGS = """
import sys
from bti.portal.commands.demo_data import COUNTER
from bti.portal.setuphandlers import LOG_FOLDER_ID
from ZODB import DB
from ZODB.FileStorage import FileStorage
db = DB(FileStorage(sys.argv[1], read_only=True))
app = db.open().root()["Application"]
print(getattr(app[sys.argv[2]][LOG_FOLDER_ID], COUNTER, 0))
"""


def generated_logs(var: Path, site: str, env: dict) -> int:
    """How many generated logs the set in ``var`` holds (read only)."""
    found = subprocess.run(
        [BIN / "python", "-c", COUNT_LOGS, var / "filestorage" / "Data.fs", site],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    return int(found.stdout.split()[-1])


def snapshot(count: int, port: int, site: str, env: dict, say=print) -> Path:
    """The logs a build of ``count`` has committed so far, as the current set
    var/bench/data-<so far>. The database is copied before the blobs (a blob
    is in place before its transaction commits), and a transaction cut by the
    copy is dropped when FileStorage opens the copy (the upgrade below)."""
    source = OUT / f"data-{count}"
    if not (source / "BUILDING").exists():
        raise SystemExit(f"{source.name} is not being built")
    part = OUT / "data-snapshot"
    say(f"Copying {source.name} as it is ...")
    copy_data(source, part)
    instance(part, port)
    zconsole(part, "upgrade_sites.py", env)
    shutil.rmtree(part / "instance", ignore_errors=True)
    logs = generated_logs(part, site, env)
    target = OUT / f"data-{logs}"
    shutil.rmtree(target, ignore_errors=True)
    part.rename(target)
    (target / "FINGERPRINT").write_text(fingerprint() + "\n")
    say(f"{target.name}: {logs} generated logs, a set of its own")
    return target


if __name__ == "__main__":
    if sys.argv[1:2] != ["snapshot"] or len(sys.argv) != 3:
        raise SystemExit("usage: python bench/datasets.py snapshot <count>")
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_http import CHILD_ENV
    from bench_http import SITE
    from bench_http import ZOPE_PORT

    snapshot(int(sys.argv[2]), ZOPE_PORT, SITE, CHILD_ENV)
