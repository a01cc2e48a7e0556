"""Mail about logs through Plone's MailHost: sender, language, and sending that
never breaks what the user saved nor holds the request (``queue``).

Mail about a log says only that there is something to see, with a link: never
the child's initials or name, nor what was written. Log lines about mail say
what failed and why (the error's class), never an address or a name.
"""

from bti.portal import mailqueue
from email.message import EmailMessage
from email.utils import formataddr
from plone import api
from urllib.parse import urlparse

import email.policy
import logging


logger = logging.getLogger("bti.portal.mail")


def sender() -> str:
    """The site's From address with its name ("" when none is set up)."""
    address = api.portal.get_registry_record("plone.email_from_address", default="")
    if not address:
        return ""
    name = api.portal.get_registry_record("plone.email_from_name", default="") or ""
    return formataddr((name, address))


def site_language() -> str:
    return api.portal.get_default_language() or "nb"


def site_host() -> str:
    """The site's host name, for calendar UIDs."""
    return urlparse(api.portal.get().absolute_url()).hostname or "bti-portal"


def translated(message, language: str) -> str:
    return api.portal.translate(message, lang=language)


def email_of(user_id: str) -> str:
    user = api.user.get(userid=user_id) if user_id else None
    return ((user and user.getProperty("email")) or "").strip()


def new_message(to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text mail. SMTP line endings (CRLF): MailHost sends a message
    object's bytes as its policy writes them, and servers refuse bare newlines."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["To"] = to
    message["From"] = sender()
    message["Subject"] = subject
    message.set_content(body)
    return message


def send_now(message: EmailMessage, what: str, mailhost=None) -> bool:
    """Send at once (not at commit); False, and a neutral log line, on failure.

    Plone's default (``immediate=False``) joins the transaction and talks to the
    SMTP server while the commit votes: with the server down the whole commit
    fails and what the user wrote is lost. Sending at once, outside that vote,
    lets a failure cost only the mail.
    """
    if not message["From"]:
        logger.warning("%s not sent: no sender address set up for the site", what)
        return False
    mailhost = mailhost if mailhost is not None else api.portal.get_tool("MailHost")
    try:
        mailhost.send(message, immediate=True)
    except Exception as error:
        # The class only: SMTP errors may carry the recipient's address.
        logger.warning("%s not sent: %s", what, type(error).__name__)
        return False
    return True


def queue(messages: list, what: str) -> None:
    """Queue ``messages`` in the current transaction (``bti.portal.mailqueue``):
    written to the site's mail queue at the commit and sent from there by the
    process's sending thread. An aborted or retried request queues nothing, so
    nobody is mailed twice; an SMTP server that is slow or down never holds the
    request. A queue that cannot be written costs the mail, never the save."""
    if not messages:
        return
    if not sender():
        logger.warning("%s not sent: no sender address set up for the site", what)
        return
    site = api.portal.get()
    queued = 0
    for message in messages:
        try:
            mailqueue.enqueue(message, site)
            queued += 1
        except Exception as error:
            # What the user saved stays saved: a queue folder that cannot be
            # written costs the mail. The class only: no address in the log.
            logger.warning("%s not queued: %s", what, type(error).__name__)
    if not queued:
        return
    try:
        mailqueue.start(
            mailqueue.queue_dir(site.getId()), api.portal.get_tool("MailHost")
        )
    except Exception as error:
        # Queued all the same: the next start (a request, a restart) sends it.
        logger.warning("%s queued, not sent yet: %s", what, type(error).__name__)
