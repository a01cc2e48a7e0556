"""Routines due for revision, and the daily reminder to their revision owners."""

from bti.portal import _
from bti.portal.catalog import meta
from collections import defaultdict
from datetime import date
from email.message import EmailMessage
from plone import api

import email.policy


def due_routines(today: date) -> list:
    """Brains of routines whose next revision date is today or earlier.

    A working copy (a revision under way) is not a routine of its own."""
    brains = api.portal.get_tool("portal_catalog")(
        portal_type="Routine",
        bti_next_revision={"query": today, "range": "max"},
        sort_on="bti_next_revision",
    )
    return [brain for brain in brains if not meta(brain, "is_working_copy")]


def reminder(owner_email: str, brains: list, language: str) -> EmailMessage:
    message = EmailMessage(
        policy=email.policy.SMTP
    )  # CRLF: servers refuse bare newlines
    message["To"] = owner_email
    message["From"] = api.portal.get_registry_record("plone.email_from_address")
    message["Subject"] = api.portal.translate(
        _("revision_mail_subject", default="Routines due for revision"), lang=language
    )
    intro = api.portal.translate(
        _(
            "revision_mail_intro",
            default="These routines you own are due for revision:",
        ),
        lang=language,
    )
    lines = [f"- {b.Title}: {b.getURL()}" for b in brains]
    message.set_content("\n".join([intro, "", *lines]) + "\n")
    return message


def send_revision_reminders(today: date) -> int:
    """One mail per revision owner listing their due routines; returns mails sent."""
    by_owner = defaultdict(list)
    for brain in due_routines(today):
        owner = meta(brain, "bti_revision_owner")
        if owner:
            by_owner[owner].append(brain)
    language = api.portal.get_default_language()
    mailhost = api.portal.get_tool("MailHost")
    sent = 0
    for owner, brains in sorted(by_owner.items()):
        user = api.user.get(userid=owner)
        email = user.getProperty("email") if user else ""
        if not email:
            continue
        mailhost.send(reminder(email, brains, language), immediate=True)
        sent += 1
    return sent
