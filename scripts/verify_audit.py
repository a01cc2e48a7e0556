"""Verify the audit hash chains: one SQLite file per site in the audit folder,
or every site's chain in PostgreSQL when $BTI_AUDIT_DSN is set (the cluster:
make verify-audit-cluster).

Usage: .venv/bin/python scripts/verify_audit.py [dir]   (make verify-audit)
Without dir: $BTI_AUDIT_DIR, else audit-dir in instance/etc/zope.conf, else
$BTI_VAR/audit (var/audit).
Prints the record count of each site; exits 1 when a chain has a problem or the
folder is missing.
"""

from bti.portal.audit import pgstore
from bti.portal.audit.store import AuditStore
from bti.portal.audit.store import ENV_DIR
from bti.portal.audit.store import ENV_DSN
from bti.portal.domain.audit import Problem
from bti.portal.domain.audit import verify
from pathlib import Path

import os
import re
import sqlite3
import sys


ROOT = Path(__file__).resolve().parent.parent
ZOPE_CONF = ROOT / "instance" / "etc" / "zope.conf"


def default_dir() -> Path:
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    if ZOPE_CONF.exists():
        section = re.search(
            r"<product-config bti\.portal>(.*?)</product-config>",
            ZOPE_CONF.read_text(),
            re.S,
        )
        setting = section and re.search(
            r"^\s*audit-dir\s+(\S+)", section.group(1), re.M
        )
        if setting:
            return Path(setting.group(1))
    return Path(os.environ.get("BTI_VAR") or ROOT / "var") / "audit"


def verify_file(path: Path) -> tuple[int, list[Problem]]:
    """Record count and problems of one chain, read as a stream."""
    return verify_store(AuditStore(path))


def verify_store(store) -> tuple[int, list[Problem]]:
    count = 0

    def counted(records):
        nonlocal count
        for record in records:
            count += 1
            yield record

    problems = verify(counted(store.all()))
    return count, problems


def report(name: str, count: int, problems: list[Problem]) -> None:
    verdict = "chain intact" if not problems else f"{len(problems)} problem(s)"
    print(f"{name}: {count} records, {verdict}")
    for problem in problems:
        print(f"  {problem}")


def verify_database(dsn: str) -> int:
    """Every site's chain in the PostgreSQL audit table; the number of bad chains."""
    sites = pgstore.sites(dsn)
    if not sites:
        print("PostgreSQL: no audit records")
    bad = 0
    for site_id in sites:
        count, problems = verify_store(pgstore.PostgresAuditStore(dsn, site_id))
        report(site_id, count, problems)
        bad += bool(problems)
    return bad


def verify_folder(folder: Path) -> int:
    """Print a line per site and each problem; the number of bad chains."""
    files = sorted(folder.glob("*.sqlite"))
    if not files:
        print(f"{folder}: no audit files")
    bad = 0
    for path in files:
        try:
            count, problems = verify_file(path)
        except sqlite3.DatabaseError as error:
            print(f"{path.stem}: unreadable: {error}")
            bad += 1
            continue
        report(path.stem, count, problems)
        bad += bool(problems)
    return bad


def main(argv: list[str]) -> int:
    if len(argv) == 1 and os.environ.get(ENV_DSN):
        return 1 if verify_database(os.environ[ENV_DSN]) else 0
    folder = Path(argv[1]) if len(argv) > 1 else default_dir()
    if not folder.is_dir():
        print(f"{folder}: no such folder", file=sys.stderr)
        return 1
    return 1 if verify_folder(folder) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
