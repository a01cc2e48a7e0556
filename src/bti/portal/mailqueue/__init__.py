"""Mail leaves the request: written to a queue at the commit, sent by a thread.

A request that adds a message or invites to a meeting only writes the mails
into a Maildir queue on disk, as part of its transaction (zope.sendmail's
``QueuedMailDelivery``): an aborted or retried request leaves nothing there,
and no SMTP server (slow, hung or down) ever holds a request or its commit.
One thread per site and process (zope.sendmail's ``QueueProcessorThread``)
sends what is queued every few seconds and keeps a mail the server could not
take for the next round; processes sharing a queue folder never send a mail
twice (a hard link claims it). A mail refused for good is set aside
(``.rejected-*`` in the folder).

The queue lives in ``$BTI_MAIL_QUEUE``, else ``mail-queue-dir`` of zope.conf's
``<product-config bti.portal>``, else ``<clienthome>/mailqueue``; one Maildir
per site. Log lines about queued mail say what happened and the error's class,
never an address (zope.sendmail's own lines name sender and recipients).
"""

from bti.portal.instance import folder
from bti.portal.mailqueue.sending import INTERVAL
from bti.portal.mailqueue.sending import NeutralLog
from bti.portal.mailqueue.sending import SendingThread
from email.utils import formatdate
from email.utils import getaddresses
from email.utils import parseaddr
from pathlib import Path
from zope.sendmail.delivery import QueuedMailDelivery

import os
import re
import threading


ENV_DIR = "BTI_MAIL_QUEUE"
ENV_INTERVAL = "BTI_MAIL_INTERVAL"  # seconds between rounds (tests: shorter)
CONFIG_KEY = "mail-queue-dir"

_threads: dict[str, SendingThread] = {}
_lock = threading.Lock()


def queue_root() -> Path:
    return folder(ENV_DIR, CONFIG_KEY, "mailqueue")


def queue_dir(site_id: str) -> Path:
    return queue_root() / re.sub(r"[^A-Za-z0-9_-]", "_", site_id)


def enqueue(message, site) -> None:
    """Queue ``message`` (an e-mail message with To and From) in the current
    transaction. ``start`` sends it (once per request is enough)."""
    sender, recipients, text = envelope(message)
    path = queue_dir(site.getId())
    path.parent.mkdir(parents=True, exist_ok=True)  # Maildir makes the rest
    QueuedMailDelivery(str(path)).send(sender, recipients, text)


def envelope(message) -> tuple[str, list[str], bytes]:
    """Sender, recipients and bytes of ``message`` as it goes out: Bcc taken
    out of the text, a Date added when there is none. MailHost's
    ``_mungeHeaders`` does the same through a deep copy of the message and
    new headers, which cost a post more than its own catalog entry."""
    headers = [*message.get_all("To", []), *message.get_all("Cc", [])]
    headers += message.get_all("Bcc", [])
    recipients = [address for _, address in getaddresses(headers) if address]
    if not recipients:
        raise ValueError("A mail without recipients")
    sender = parseaddr(message.get("From", ""))[1]
    if not sender:
        raise ValueError("A mail without a sender")
    del message["Bcc"]
    if message.get("Date") is None:
        message["Date"] = formatdate(localtime=True)
    return sender, recipients, message.as_bytes()


def start(path: Path, mailhost) -> SendingThread:
    """The sending thread of queue ``path``, running with ``mailhost``'s mailer
    (made here, in a request: Plone's mailer reads the site's registry)."""
    mailer = mailhost._makeMailer()
    with _lock:
        thread = _threads.get(str(path))
        if thread is None or not thread.is_alive():
            thread = SendingThread(interval=interval())
            thread.setQueuePath(str(path))
            thread.setMailer(mailer)
            thread.start()
            _threads[str(path)] = thread
        elif _settings(thread.mailer) != _settings(mailer):
            thread.setMailer(mailer)
            thread.log = NeutralLog(thread.interval)  # new settings: failures are news
    return thread


def stop(path: Path) -> None:
    """Stop the sending thread of queue ``path`` (after the mail it is sending)."""
    with _lock:
        thread = _threads.pop(str(path), None)
    if thread is not None:
        thread.stop()
        thread.join(timeout=30)


def running(path: Path) -> bool:
    thread = _threads.get(str(path))
    return thread is not None and thread.is_alive()


def interval() -> float:
    try:
        return max(0.05, float(os.environ.get(ENV_INTERVAL, INTERVAL)))
    except ValueError:
        return INTERVAL


SETTINGS = ("hostname", "port", "username", "password", "force_tls", "no_tls")


def _settings(mailer) -> tuple:
    return tuple(getattr(mailer, name, None) for name in (*SETTINGS, "implicit_tls"))


def pending(site_id: str) -> int:
    """Mails of the site waiting in the queue (being sent included; a mail
    being sent has a ``.sending-`` link beside it, a refused one a
    ``.rejected-`` copy, neither counted)."""
    path = queue_dir(site_id)
    return sum(
        1
        for folder in ("new", "cur")
        if (path / folder).is_dir()
        for name in os.listdir(path / folder)
        if not name.startswith(".")
    )
