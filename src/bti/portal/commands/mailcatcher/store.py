"""The mail catcher's store: each message one .eml file in a folder.

The file is the message as the client sent it, after two lines the catcher adds
(X-MailFrom, X-RcptTo: the SMTP envelope, so Bcc recipients show). Files are
written under a temporary name and renamed, so a reader never sees half a mail.
"""

from dataclasses import dataclass
from datetime import datetime
from email.parser import BytesHeaderParser
from pathlib import Path

import email.policy
import re
import secrets


NAME = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9]{6}-[0-9a-f]{8}\.eml$")


@dataclass(frozen=True)
class Summary:
    name: str
    received: datetime
    sender: str
    recipients: str
    subject: str


class EmlStore:
    """An aiosmtpd handler that stores every message it accepts."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        self.save(envelope.mail_from, envelope.rcpt_tos, envelope.original_content)
        return "250 Message accepted for delivery"

    def save(self, mail_from: str, rcpt_tos: list[str], content: bytes) -> Path:
        envelope = (
            f"X-MailFrom: {one_line(mail_from)}\r\n"
            f"X-RcptTo: {one_line(', '.join(rcpt_tos))}\r\n"
        ).encode()
        name = f"{datetime.now():%Y%m%d-%H%M%S-%f}-{secrets.token_hex(4)}.eml"
        partial = self.folder / f".{name}.partial"
        partial.write_bytes(envelope + content)
        return partial.replace(self.folder / name)

    def names(self) -> list[str]:
        """The stored messages' file names, newest first."""
        return sorted(
            (path.name for path in self.folder.iterdir() if NAME.match(path.name)),
            reverse=True,
        )

    def path(self, name: str) -> Path | None:
        """The file of a stored message; None for any other name."""
        if not NAME.match(name or ""):
            return None
        path = self.folder / name
        return path if path.is_file() else None

    def summary(self, name: str) -> Summary:
        with (self.folder / name).open("rb") as stream:
            headers = BytesHeaderParser(policy=email.policy.default).parse(stream)
        received = datetime.strptime(name[:22], "%Y%m%d-%H%M%S-%f")
        return Summary(
            name=name,
            received=received,
            sender=str(headers.get("From", headers.get("X-MailFrom", ""))),
            recipients=str(headers.get("X-RcptTo", headers.get("To", ""))),
            subject=str(headers.get("Subject", "")),
        )


def one_line(text: str) -> str:
    return " ".join((text or "").split())
