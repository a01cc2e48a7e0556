"""Two dates of a log the dashboard asks about, kept on the log's catalog entry.

- ``bti_open_deadline``: the earliest deadline of the log's open activities
  (planned or started); the log has an overdue activity when it has passed;
- ``bti_consent_until``: the latest last valid day of the log's signed,
  dated and not withdrawn consents (the one the dashboard flags).

With them, "logs with overdue activities" and "consents running out" are range
queries on logs, not a walk over every activity and consent of the site.
They are read from the log's goals, activities and consents; the log's other
items (messages, meetings, attachments) stay unloaded. ``processor.py``
refreshes them whenever one of those items is indexed or unindexed.
"""

from Acquisition import aq_base
from bti.portal.content.consent import Consent
from bti.portal.content.goal import Activity
from bti.portal.content.goal import Goal
from bti.portal.domain import consent as c
from bti.portal.domain import dashboard as rules
from bti.portal.relaylog.facts import to_domain_consent
from datetime import date


OPEN_DEADLINE = "bti_open_deadline"
CONSENT_UNTIL = "bti_consent_until"
INDEXES = (OPEN_DEADLINE, CONSENT_UNTIL)
# Items whose changes move the dates (a goal's removal takes its activities).
SOURCES = (Goal, Activity, Consent)


def _children(container, kind):
    """``container``'s items of class ``kind``; the class of a ZODB ghost is
    known without loading it, so other items are not read."""
    for item in container.objectValues():
        if isinstance(aq_base(item), kind):
            yield item


def consent_end(consent) -> date | None:
    """The last valid day of a signed consent not withdrawn (None: not signed,
    withdrawn, or valid until withdrawn)."""
    found = to_domain_consent(consent)
    end = c.expiry(found)
    if found.signed is None or found.withdrawn is not None or end is None:
        return None
    return end


def open_deadline(log) -> date | None:
    deadlines = [
        activity.deadline
        for goal in _children(log, Goal)
        for activity in _children(goal, Activity)
        if activity.deadline is not None
        and (activity.status or "planned") in rules.OPEN_ACTIVITY
    ]
    return min(deadlines, default=None)


def cataloged_open_deadlines(records, rid: int) -> list[date]:
    """The open activity deadlines of the log with catalog record ``rid``, from
    the catalog (its goals' and activities' records only)."""
    found = []
    for goal in records.children(rid, "Goal"):
        for item in records.children(goal, "Activity"):
            deadline, status = records.values(
                item, "bti_deadline", "bti_activity_status"
            )
            if deadline is not None and (status or "planned") in rules.OPEN_ACTIVITY:
                found.append(deadline)
    return found


def consent_until(log) -> date | None:
    ends = [consent_end(consent) for consent in _children(log, Consent)]
    return max((end for end in ends if end is not None), default=None)
