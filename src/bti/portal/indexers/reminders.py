"""Catalog data for reminders and "my activities": user ids, dates and states only.

- ``bti_responsible`` (Activity): the user id of the person responsible;
- ``bti_activity_status`` (Activity): planned, started, done or stopped;
- ``bti_consent_expiry`` (Consent): the last valid day of a signed consent that
  has not been withdrawn (left out when it runs until withdrawn);
- ``bti_offer_sent`` (RelayLog, a column): the day an open handover offer was made.
"""

from bti.portal.content.consent import IConsent
from bti.portal.content.goal import IActivity
from bti.portal.content.relay_log import IRelayLog
from bti.portal.relaylog.dashboard.log_dates import consent_end
from bti.portal.relaylog.handover.rules import current_offer
from datetime import date
from plone.indexer import indexer


@indexer(IActivity)
def activity_responsible(obj):
    if not obj.responsible:
        raise AttributeError("responsible")  # plone.indexer: leave it out
    return obj.responsible


@indexer(IActivity)
def activity_status(obj):
    return obj.status or "planned"


@indexer(IConsent)
def consent_expiry(obj):
    end = consent_end(obj)
    if end is None:
        raise AttributeError("expiry")
    return end


@indexer(IRelayLog)
def offer_sent(obj):
    """Updated with ``bti_offer_to``: every reindex of a log refreshes its columns."""
    offer = current_offer(obj)
    if not offer or not offer.get("at"):
        raise AttributeError("offer")
    return date.fromisoformat(offer["at"][:10])
