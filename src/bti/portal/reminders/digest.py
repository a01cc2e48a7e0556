"""One reminder mail per person and day: what kind of thing, its date, a link.

Neutral by design: no initials, names or anything written in a log, only the
kind of reminder, a date and a link whose URL holds random ids. In the site's
language. A person who already got the digest for the day gets nothing more
(``store.last_sent``); kinds switched off in their preferences are left out,
and with nothing left no mail is sent.
"""

from bti.portal import _
from bti.portal.dates import numeric_day_text
from bti.portal.relaylog import mail
from bti.portal.reminders import collect
from bti.portal.reminders import preferences
from bti.portal.reminders import store
from bti.portal.reminders.collect import Item
from datetime import date
from email.message import EmailMessage
from plone import api


HEADINGS = {
    collect.ACTIVITY_OVERDUE: _(
        "digest_activity_overdue", default="Activities past their deadline:"
    ),
    collect.ACTIVITY_DUE: _(
        "digest_activity_due",
        default="Activities with a deadline in the next three days:",
    ),
    collect.MEETING: _(
        "digest_meeting",
        default="Meetings in the next three days. Prepare the evaluation:",
    ),
    collect.CONSENT_EXPIRED: _(
        "digest_consent_expired",
        default="Consents that have run out. Ask the family for a new consent:",
    ),
    collect.CONSENT_EXPIRING: _(
        "digest_consent_expiring",
        default="Consents that run out within 30 days. Ask the family to renew:",
    ),
    collect.CONCERN_OVERDUE: _(
        "digest_concern_overdue", default="Concerns past the deadline for a decision:"
    ),
    collect.CONCERN_DUE: _(
        "digest_concern_due", default="Concerns to decide on within three days:"
    ),
    collect.OFFER_EXPIRED: _(
        "digest_offer_expired",
        default="Offers to hand over a log that nobody answered within a month. "
        "They are withdrawn; you can make a new offer:",
    ),
    collect.ROUND_DUE: _(
        "digest_control_round_due",
        default="A control round is due in a unit you lead. Go through the unit's "
        "active logs and close the round:",
    ),
}


def wanted_items(user_id: str, items: list[Item]) -> list[Item]:
    off = {kind for kind in preferences.KINDS if not preferences.wants(user_id, kind)}
    return [item for item in items if collect.ITEM_KINDS[item.kind] not in off]


def digest_text(items: list[Item], language: str) -> str:
    def tr(msgid) -> str:
        return api.portal.translate(msgid, lang=language)

    lines = [
        tr(
            _(
                "digest_intro",
                default="Hello. These things in the BTI portal need your attention.",
            )
        ),
        # Neutral for every reader: a young person gets the digest of their
        # own log, and "the child" is not how they are spoken to.
        tr(
            _(
                "digest_log_in_private",
                default="Log in to see more; the e-mail tells nothing about "
                "whom the log is for.",
            )
        ),
    ]
    for kind in collect.ITEM_KINDS:
        found = [item for item in items if item.kind == kind]
        if found:
            lines += ["", tr(HEADINGS[kind])]
            lines += [f"- {numeric_day_text(item.when)}: {item.url}" for item in found]
    settings_url = f"{api.portal.get().absolute_url()}/@@reminder-preferences"
    lines += [
        "",
        tr(
            _(
                "digest_preferences",
                default="Choose which reminders you get: ${url}",
                mapping={"url": settings_url},
            )
        ),
    ]
    return "\n".join(lines) + "\n"


def digest(email: str, items: list[Item], day: date, language: str) -> EmailMessage:
    subject = api.portal.translate(
        _(
            "digest_subject",
            default="Reminders from the BTI portal ${day}",
            mapping={"day": numeric_day_text(day)},
        ),
        lang=language,
    )
    return mail.new_message(email, subject, digest_text(items, language))


def send_digests(day: date) -> int:
    """Expire old handover offers, then mail each person their digest; mails sent."""
    found = collect.collect(day)
    for user_id, notice in collect.expire_offers(day):
        found.setdefault(user_id, []).append(notice)
    language = mail.site_language()
    mailhost = api.portal.get_tool("MailHost")
    sent = 0
    for user_id, items in sorted(found.items()):
        if store.last_sent(user_id) == day:
            continue
        items = sorted(set(wanted_items(user_id, items)), key=Item.sort_key)
        email = mail.email_of(user_id)
        if not items or not email:
            continue
        if mail.send_now(
            digest(email, items, day, language), "reminder digest", mailhost
        ):
            store.mark_sent(user_id, day)
            sent += 1
    return sent
