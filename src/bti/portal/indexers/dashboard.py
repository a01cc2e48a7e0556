"""Catalog data for the oversight dashboard and the catalog-only log lists.

- ``bti_people_roles`` (RelayLog, an index only): ``<role>|<principal id>`` for
  the holder, participant and family roles on the log, so "my logs" and the role
  shown per row come from the catalog; user ids only, never a metadata column;
- ``bti_last_activity`` (RelayLog, index and column): the day the log or an item
  in it was last added or changed (a log's own modified date does not move when
  an item is added), kept by relaylog.dashboard.subscribers;
- ``bti_leaders`` (Unit, an index only): the user ids of the unit's leaders.
"""

from bti.portal.content.relay_log import IRelayLog
from bti.portal.content.unit import IUnit
from bti.portal.relaylog.roles import people_role_keys
from plone.indexer import indexer


@indexer(IRelayLog)
def people_roles(obj):
    return people_role_keys(obj)


def _day(obj):
    modified = obj.modified()
    return modified.asdatetime().date() if modified else None


def _latest(container, latest):
    for item in container.objectValues():
        day = _day(item)
        if day is not None and (latest is None or day > latest):
            latest = day
        if getattr(item, "isPrincipiaFolderish", False):
            latest = _latest(item, latest)
    return latest


@indexer(IRelayLog)
def last_activity(obj):
    latest = _latest(obj, _day(obj))
    if latest is None:
        raise AttributeError("last_activity")
    return latest


@indexer(IUnit)
def unit_leaders(obj):
    return tuple(sorted(obj.leaders or ()))
