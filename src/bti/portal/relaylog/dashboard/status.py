"""The status of one log for oversight roles, from the catalog (no content).

State, unit, holder, the next open activity deadline and how many are overdue,
the latest consent's last valid day, a pending handover and the last activity:
what "View log overview" allows, never goals, messages or the child's name.
"""

from bti.portal.catalog import meta
from bti.portal.domain import dashboard as rules
from bti.portal.relaylog.dashboard import queries
from bti.portal.relaylog.overview import lists
from datetime import date
from plone import api


def _catalog():
    return api.portal.get_tool("portal_catalog")


def log_status(path: str, day: date | None = None) -> dict | None:
    """The status of the log at ``path`` (None when the catalog has no such log)."""
    day = day or date.today()
    catalog = _catalog()
    found = catalog.unrestrictedSearchResults(
        portal_type="RelayLog", path={"query": path, "depth": 0}
    )
    if not found:
        return None
    brain = found[0]
    units = lists.unit_titles()
    entry = lists.base_entry(brain, units)
    deadlines = sorted(
        meta(item, "bti_deadline")
        for item in catalog.unrestrictedSearchResults(
            portal_type="Activity",
            path=path,
            bti_activity_status=sorted(rules.OPEN_ACTIVITY),
            bti_deadline={"query": queries.EARLIEST, "range": "min"},
        )
        if meta(item, "bti_deadline") is not None
    )
    upcoming, overdue = rules.next_deadline(deadlines, day)
    expiries = [
        meta(item, "bti_consent_expiry")
        for item in catalog.unrestrictedSearchResults(
            portal_type="Consent",
            path=path,
            bti_consent_expiry={"query": queries.EARLIEST, "range": "min"},
        )
        if meta(item, "bti_consent_expiry") is not None
    ]
    valid_until = max(expiries, default=None)
    last = meta(brain, "bti_last_activity")
    sent = meta(brain, "bti_offer_sent")
    entry.update({
        "next_deadline": upcoming.isoformat() if upcoming else None,
        "next_deadline_overdue": overdue,
        "overdue_activities": sum(1 for deadline in deadlines if day > deadline),
        "open_activities": len(deadlines),
        "consent_valid_until": valid_until.isoformat() if valid_until else None,
        "consent_flag": rules.consent_flag(valid_until, day) if valid_until else None,
        "last_activity": last.isoformat() if last else None,
        "offer_sent": sent.isoformat() if sent else None,
    })
    return entry
