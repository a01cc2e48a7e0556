"""Event handlers: who gets which local role when logs, concerns and units change."""

from bti.portal.domain import permissions as p
from bti.portal.relaylog import find_log
from bti.portal.relaylog import roles
from bti.portal.relaylog.titles import neutral_title
from plone import api


def log_added(log, event):
    """The creator holds the relay; the unit's leaders oversee; Owner gives nothing."""
    creator = log.Creator()
    roles.strip_owner(log)
    if creator and not roles.holders(log):
        log.manage_setLocalRoles(creator, [p.RELAY_HOLDER])
    roles.sync_unit_leaders(log)
    log.reindexObjectSecurity()


def unit_reference_changed(obj, event):
    """A log or concern moved to another unit: its unit leaders follow."""
    roles.sync_unit_leaders(obj)
    obj.reindexObject(idxs=["bti_unit"])


def concern_added(concern, event):
    roles.sync_unit_leaders(concern)
    concern.reindexObjectSecurity()


def unit_added(unit, event):
    """The unit's leaders hold UnitLeader on it (the audit of its logs)."""
    roles.sync_unit_leaders(unit)


def unit_modified(unit, event):
    """New or removed leaders reach the unit and every log and concern of it."""
    roles.sync_unit_leaders(unit)
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type=["RelayLog", "Concern"], bti_unit=unit.UID()
    ):
        roles.sync_unit_leaders(brain._unrestrictedGetObject())


def log_item_changed(item, event):
    """Items in a log: no Owner access of their own, and a title without content."""
    if find_log(item) is None:
        return
    roles.strip_owner(item)
    title = neutral_title(item)
    if title:
        item.title = title
    item.reindexObject()
