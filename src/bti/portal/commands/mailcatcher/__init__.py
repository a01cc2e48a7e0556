"""A mail catcher for the demo sites: SMTP on loopback, each mail a .eml file,
and a read-only page that lists them.

``make start`` runs it (bti.portal.commands.start) next to the server; on its
own: ``python -m bti.portal.commands.mailcatcher FOLDER [--smtp-port N]
[--page-port N]``. Developer tooling: aiosmtpd comes with the test extra.
"""

from aiosmtpd.controller import Controller
from bti.portal.commands.mailcatcher.page import make_page_server
from bti.portal.commands.mailcatcher.store import EmlStore
from pathlib import Path

import socket
import threading


HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class MailCatcher:
    """SMTP on 127.0.0.1:``smtp_port`` into ``folder``, the page on
    127.0.0.1:``page_port``; 0 picks a free port (read ``smtp_port`` and
    ``page_port`` after ``start``)."""

    def __init__(self, folder: Path, smtp_port: int = 0, page_port: int = 0):
        self.store = EmlStore(folder)
        self.smtp_port = smtp_port or free_port()
        self.page_port = page_port
        self.smtp = None
        self.page = None

    def start(self) -> "MailCatcher":
        self.page = make_page_server(self.store, self.page_port)
        self.page_port = self.page.server_address[1]
        threading.Thread(target=self.page.serve_forever, daemon=True).start()
        self.smtp = Controller(
            self.store, hostname=HOST, port=self.smtp_port, server_hostname="localhost"
        )
        try:
            self.smtp.start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.smtp is not None and self.smtp._thread is not None:
            self.smtp.stop()
        self.smtp = None
        if self.page is not None:
            self.page.shutdown()
            self.page.server_close()
        self.page = None

    @property
    def page_url(self) -> str:
        return f"http://localhost:{self.page_port}/"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
