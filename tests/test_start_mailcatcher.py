"""make start's mail catcher: SMTP on loopback into .eml files, a read-only page."""

from bti.portal.commands.mailcatcher import MailCatcher
from email.message import EmailMessage
from pathlib import Path

import email
import email.policy
import http.client
import shutil
import smtplib
import tempfile
import unittest


def a_mail(subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Demo <noreply@byn.example.org>"
    message["To"] = "forelder@byn.example.org"
    message["Subject"] = subject
    message.set_content("Det er noe nytt i loggen. Åpne lenken.")
    return message


class TestMailCatcher(unittest.TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="bti-catcher-")) / "mail"
        self.addCleanup(shutil.rmtree, self.folder.parent, ignore_errors=True)
        self.catcher = MailCatcher(self.folder).start()
        self.addCleanup(self.catcher.stop)

    def send(self, message, to=None):
        with smtplib.SMTP("127.0.0.1", self.catcher.smtp_port, timeout=10) as smtp:
            smtp.send_message(message, to_addrs=to)

    def get(self, path: str, host: str | None = None, method: str = "GET"):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.catcher.page_port, timeout=10
        )
        self.addCleanup(connection.close)
        host = host or f"localhost:{self.catcher.page_port}"
        connection.request(method, path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")

    def test_each_mail_is_an_eml_file_with_its_envelope(self):
        self.send(a_mail("Ny melding i loggen"), to=["forelder@x.org", "bcc@x.org"])
        (path,) = self.folder.glob("*.eml")
        stored = email.message_from_bytes(path.read_bytes(), policy=email.policy.SMTP)
        self.assertEqual(stored["Subject"], "Ny melding i loggen")
        self.assertEqual(stored["X-RcptTo"], "forelder@x.org, bcc@x.org")
        self.assertEqual(stored["X-MailFrom"], "noreply@byn.example.org")
        self.assertIn("Åpne lenken", stored.get_content())
        self.assertEqual(list(self.folder.glob(".*")), [])  # no partial files left

    def test_the_page_lists_the_mails_newest_first_escaped(self):
        self.send(a_mail("Første"))
        self.send(a_mail("<script>alert(1)</script>"))
        status, body = self.get("/")
        self.assertEqual(status, 200)
        self.assertNotIn("<script>", body)
        self.assertIn("&lt;script&gt;", body)
        self.assertLess(body.index("&lt;script&gt;"), body.index("Første"))
        name = self.catcher.store.names()[0]
        status, text = self.get(f"/{name}")
        self.assertEqual(status, 200)
        self.assertIn("Subject:", text)

    def test_the_page_reads_only_its_own_files_on_loopback_names(self):
        self.send(a_mail("Hei"))
        outside = self.folder.parent / "secret.eml"
        outside.write_text("not a mail")
        self.assertEqual(self.get("/../secret.eml")[0], 404)
        self.assertEqual(self.get("/%2e%2e/secret.eml")[0], 404)
        self.assertEqual(self.get("/nothing.eml")[0], 404)
        # A DNS name pointing at 127.0.0.1 (rebinding) gets nothing.
        self.assertEqual(self.get("/", host="evil.example.org")[0], 421)
        self.assertEqual(self.get("/", method="POST")[0], 501)
        self.assertEqual(self.get("/", method="DELETE")[0], 501)

    def test_it_listens_on_loopback_only(self):
        self.assertEqual(self.catcher.page.server_address[0], "127.0.0.1")
        self.assertEqual(self.catcher.smtp.hostname, "127.0.0.1")

    def test_stop_frees_both_ports(self):
        smtp_port, page_port = self.catcher.smtp_port, self.catcher.page_port
        self.catcher.stop()
        again = MailCatcher(self.folder, smtp_port, page_port).start()
        again.stop()
