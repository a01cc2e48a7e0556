"""python -m bti.portal.commands.mailcatcher FOLDER [--smtp-port N] [--page-port N]"""

from bti.portal.commands.mailcatcher import MailCatcher
from pathlib import Path

import argparse
import signal
import threading


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--smtp-port", type=int, default=1025)
    parser.add_argument("--page-port", type=int, default=8025)
    args = parser.parse_args()
    stopped = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopped.set())
    with MailCatcher(args.folder, args.smtp_port, args.page_port) as catcher:
        print(
            f"Mail catcher: SMTP on 127.0.0.1:{catcher.smtp_port}, "
            f"mails in {args.folder}, list at {catcher.page_url}",
            flush=True,
        )
        stopped.wait()


if __name__ == "__main__":
    main()
