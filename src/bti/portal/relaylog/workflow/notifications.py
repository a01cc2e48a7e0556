"""A new message in an active log: a neutral e-mail to everyone else on the log.

Everyone with a role on the log (holder, participants, guardians, the young
person) except the author gets one mail: "there is a new message", a link to
the log, nothing more. No initials, no name, no text of the message: e-mail is
not a safe place for what is written about a child. Minutes and invitations are
messages too and notify the same way.

The mails are queued with the message's transaction and sent by the process's
mail thread (bti.portal.mailqueue): the message is saved, and the request
answered, whatever the SMTP server does; a server that is down gets the mails
when it is back. Plone's default (MailHost.send with ``immediate=False``)
would contact the server while the commit votes, so a server that is down
would abort the commit and lose the message. A mail that fails is logged
without any address or name.
"""

from bti.portal import _
from bti.portal.domain.levels import WORKING_STATES
from bti.portal.relaylog import find_log
from bti.portal.relaylog import mail
from bti.portal.relaylog.roles import people_on_log
from contextlib import contextmanager
from contextvars import ContextVar
from plone import api


_paused: ContextVar[bool] = ContextVar(
    "bti_message_notifications_paused", default=False
)


@contextmanager
def paused():
    """No notifications for messages added inside (imports, demo content)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def message_added(message, event):
    """Subscriber: LogMessage added."""
    if _paused.get():
        return
    log = find_log(message)
    if log is None or api.content.get_state(log, default=None) not in WORKING_STATES:
        return
    mail.queue(notification_mails(log, authors(message)), "Message notification")


def authors(message) -> set[str]:
    """Who wrote it: the creator, and the user adding it (the same, normally)."""
    current = api.user.get_current()
    found = {message.Creator()}
    if current is not None and not api.user.is_anonymous():
        found.add(current.getId())
    return {user_id for user_id in found if user_id}


def recipients(log, exclude: set[str]) -> list[str]:
    """User ids with a role on the log, minus ``exclude``."""
    return sorted(people_on_log(log) - set(exclude))


def notification_mails(log, exclude: set[str]) -> list:
    """One neutral mail per person on the log with an e-mail address."""
    language = mail.site_language()
    subject = mail.translated(
        _("message_mail_subject", default="New message in a relay log"), language
    )
    body = mail.translated(
        _(
            "message_mail_body",
            default="There is a new message for you in a Stafettlogg (relay log).\n\n"
            "Log in to read it:\n${url}",
            mapping={"url": log.absolute_url()},
        ),
        language,
    )
    mails = []
    for user_id in recipients(log, exclude):
        address = mail.email_of(user_id)
        if address:
            mails.append(mail.new_message(address, subject, body + "\n"))
    return mails
