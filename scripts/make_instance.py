"""Write the Zope instance configuration (instance/etc) for this checkout.

Usage: python scripts/make_instance.py [--host H] [--port P]
Paths are absolute so the instance runs from any working directory.
Environment overrides: BTI_HOST, BTI_PORT, BTI_VAR (data folder, default var/),
BTI_THREADS (request threads of the process, default 1; README "Performance").
"""

from pathlib import Path
from string import Template

import argparse
import os
import shutil


ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "instance"


THREADS = 1


def write_instance(
    instance: Path, var: Path, host: str, port: int, threads: int = THREADS
) -> None:
    etc = instance / "etc"
    etc.mkdir(parents=True, exist_ok=True)
    for folder in ("filestorage", "blobstorage", "log", "cache", "audit"):
        (var / folder).mkdir(parents=True, exist_ok=True)
    values = {
        "instance": instance,
        "var": var,
        "host": host,
        "port": port,
        "threads": threads,
    }
    for name in ("zope.conf", "zope.ini"):
        text = Template((TEMPLATES / f"{name}.in").read_text()).substitute(values)
        (etc / name).write_text(text)
    shutil.copyfile(TEMPLATES / "site.zcml", etc / "site.zcml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("BTI_HOST", "127.0.0.1"))
    parser.add_argument(
        "--port", type=int, default=os.environ.get("BTI_PORT") or "8080"
    )
    parser.add_argument(
        "--threads", type=int, default=os.environ.get("BTI_THREADS") or str(THREADS)
    )
    parser.add_argument("--instance", default=str(ROOT / "instance"))
    parser.add_argument("--var", default=os.environ.get("BTI_VAR", str(ROOT / "var")))
    args = parser.parse_args()
    instance, var = Path(args.instance).resolve(), Path(args.var).resolve()
    if args.threads < 1:
        parser.error("--threads must be 1 or more")
    write_instance(instance, var, args.host, args.port, args.threads)
    print(f"Zope instance written to {instance}/etc (data in {var})")


if __name__ == "__main__":
    main()
