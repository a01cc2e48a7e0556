"""``make start``: the mail catcher, the demo sites, then the server, as one
process that Ctrl-C and SIGTERM stop.

1. Checks first that the database (BTI_VAR) and the ports are free: if not, one
   line that says so, exit code 2.
2. Runs the mail catcher (bti.portal.commands.mailcatcher) on loopback: mails to
   $BTI_VAR/mail/*.eml, listed at http://localhost:<mail port>/.
3. Creates the demo sites if the database has none (scripts/create_sites.py,
   with BTI_SMTP_HOST/BTI_SMTP_PORT: the demo sites send to the catcher).
4. Serves (runwsgi) until Ctrl-C or SIGTERM; then stops the catcher.

``--no-serve`` stops after step 3 (``make create-sites``).
"""

from bti.portal.commands.mailcatcher import MailCatcher
from bti.portal.commands.start.children import Children
from bti.portal.commands.start.preflight import problems
from pathlib import Path

import argparse
import os
import sys


def parse(root: Path, argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make start", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--instance", type=Path, default=root / "instance")
    parser.add_argument(
        "--var", type=Path, default=Path(os.environ.get("BTI_VAR", root / "var"))
    )
    parser.add_argument("--mail-port", type=int, default=8025)
    parser.add_argument("--smtp-port", type=int, default=0)
    parser.add_argument("--no-serve", action="store_true")
    return parser.parse_args(argv)


def main(root: Path, argv: list[str]) -> int:
    args = parse(root, argv)
    var, etc, bin_dir = args.var.resolve(), args.instance / "etc", Path(sys.executable)
    found = problems(
        args.host, None if args.no_serve else args.port, var, args.mail_port
    )
    if found:
        for problem in found:
            print(problem, file=sys.stderr)
        return 2
    children = Children()
    with MailCatcher(var / "mail", args.smtp_port, args.mail_port) as catcher:
        env = {
            **os.environ,
            "BTI_SMTP_HOST": "127.0.0.1",
            "BTI_SMTP_PORT": str(catcher.smtp_port),
        }
        code = children.run(
            [
                str(bin_dir.with_name("zconsole")),
                "run",
                str(etc / "zope.conf"),
                str(root / "scripts" / "create_sites.py"),
            ],
            env,
        )
        if code == 0 and not children.stopping:
            where = "listed at" if not args.no_serve else "make start lists them at"
            print(
                f"Mail of the demo sites: {var}/mail/*.eml, {where} {catcher.page_url}",
                flush=True,
            )
        if code == 0 and not children.stopping and not args.no_serve:
            code = children.run(
                [str(bin_dir.with_name("runwsgi")), str(etc / "zope.ini")], env
            )
    if children.stopping:
        print("Stopped.", flush=True)
        return 0
    return code
