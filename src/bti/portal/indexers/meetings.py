"""Catalog indexers for meetings: who takes part (user ids) and when it starts.

``bti_invited`` holds the invited people and whoever called the meeting (its
creator, normally the holder), so the organiser finds it under "my meetings" too.

Ids and a date only: the place, agenda and the log's initials stay out of the
catalog. Start times are indexed with their zone (forms store the site's local
time without one, see bti.portal.dates.aware).
"""

from bti.portal.content.meeting import IMeeting
from bti.portal.relaylog.meetings.meetings import start_of
from datetime import UTC
from plone.indexer import indexer


@indexer(IMeeting)
def invited(obj):
    people = {*(obj.invited or ()), obj.Creator()}
    return tuple(sorted(user_id for user_id in people if user_id))


@indexer(IMeeting)
def start(obj):
    value = start_of(obj)
    if value is None:
        raise AttributeError("start")
    return value.astimezone(UTC)
