"""The mail catcher's page: a read-only list of the stored mails, on loopback.

GET / lists them (newest first), GET /<name>.eml shows one as plain text.
Only the host names of loopback are answered (a page on another site cannot
read the mails through a DNS name that points at 127.0.0.1).
"""

from bti.portal.commands.mailcatcher.store import EmlStore
from html import escape
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from urllib.parse import unquote
from urllib.parse import urlsplit


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
STYLE = (
    "body{font:16px/1.4 system-ui,sans-serif;margin:2rem}"
    "table{border-collapse:collapse}td,th{padding:.3rem .8rem;text-align:left;"
    "border-bottom:1px solid #ccc;vertical-align:top}"
)


def list_page(store: EmlStore) -> str:
    rows = []
    for name in store.names():
        mail = store.summary(name)
        rows.append(
            "<tr>"
            f"<td>{mail.received:%Y-%m-%d %H:%M:%S}</td>"
            f"<td>{escape(mail.sender)}</td>"
            f"<td>{escape(mail.recipients)}</td>"
            f'<td><a href="/{escape(name)}">{escape(mail.subject) or "(no subject)"}'
            "</a></td></tr>"
        )
    table = (
        "<table><thead><tr><th>Received</th><th>From</th><th>To</th>"
        f"<th>Subject</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if rows
        else "<p>No mail yet.</p>"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Mail catcher</title><style>{STYLE}</style></head><body>"
        f"<h1>Mail catcher</h1><p>{len(rows)} message(s) in "
        f"<code>{escape(str(store.folder))}</code>, newest first.</p>"
        f"{table}</body></html>"
    )


def handler_for(store: EmlStore, port: int) -> type:
    allowed_hosts = {f"{name}:{port}" for name in LOOPBACK_NAMES}

    class MailPage(BaseHTTPRequestHandler):
        server_version = "bti-mailcatcher"
        sys_version = ""

        def do_GET(self):
            self.answer(head=False)

        def do_HEAD(self):
            self.answer(head=True)

        def answer(self, head: bool) -> None:
            if self.headers.get("Host", "").lower() not in allowed_hosts:
                return self.reply(421, "text/plain", b"Misdirected request\n", head)
            path = unquote(urlsplit(self.path).path)
            if path == "/":
                body = list_page(store).encode("utf-8")
                return self.reply(200, "text/html; charset=utf-8", body, head)
            found = store.path(path.removeprefix("/"))
            if found is None:
                return self.reply(404, "text/plain", b"Not found\n", head)
            body = found.read_bytes()
            return self.reply(200, "text/plain; charset=utf-8", body, head)

        def reply(self, status: int, kind: str, body: bytes, head: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in HEADERS.items():
                self.send_header(name, value)
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def log_message(self, format, *args):  # noqa: A002 (http.server)
            pass  # the page is for one developer; no access log on the console

    return MailPage


def make_page_server(store: EmlStore, port: int) -> ThreadingHTTPServer:
    """The page's server on 127.0.0.1:``port`` (0: any free port), bound, not
    yet serving."""
    server = ThreadingHTTPServer(("127.0.0.1", port), BaseHTTPRequestHandler)
    server.RequestHandlerClass = handler_for(store, server.server_address[1])
    server.daemon_threads = True
    return server
