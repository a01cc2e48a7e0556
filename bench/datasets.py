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
"""

from pathlib import Path

import hashlib
import os
import shutil
import subprocess


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
