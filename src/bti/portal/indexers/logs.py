"""Catalog indexers for units, concerns and logs.

Only ids, dates and states: never a name or a national id number. SearchableText
of anything in a log (or a concern) is its title only, so free text about a child
never reaches the full-text index.
"""

from AccessControl.PermissionRole import rolesForPermissionOn
from Acquisition import aq_inner
from Acquisition import aq_parent
from bti.portal.content.attachment import IAttachment
from bti.portal.content.concern import IConcern
from bti.portal.content.consent import IConsent
from bti.portal.content.goal import IActivity
from bti.portal.content.goal import IEvaluation
from bti.portal.content.goal import IGoal
from bti.portal.content.log_message import ILogMessage
from bti.portal.content.meeting import IMeeting
from bti.portal.content.relay_log import IRelayLog
from bti.portal.content.unit import IUnit
from bti.portal.domain.permissions import OVERVIEW
from bti.portal.relaylog.handover.rules import current_offer
from bti.portal.relaylog.roles import holders
from plone.indexer import indexer
from Products.CMFCore.utils import getToolByName


@indexer(IRelayLog)
def log_unit(obj):
    return obj.unit or ""


@indexer(IConcern)
def concern_unit(obj):
    return obj.unit or ""


@indexer(IRelayLog)
def overview_roles(obj):
    """Roles and users with "View log overview" (as allowedRolesAndUsers for Access)."""
    allowed = set(rolesForPermissionOn(OVERVIEW, obj))
    acl_users = getToolByName(obj, "acl_users")
    for user, roles in acl_users._getAllLocalRoles(obj).items():
        if allowed.intersection(roles):
            allowed.add("user:" + user)
    return sorted(allowed)


@indexer(IRelayLog)
def log_holder(obj):
    return tuple(holders(obj))


@indexer(IRelayLog)
def offer_to(obj):
    offer = current_offer(obj)
    return offer["to"] if offer else ""


@indexer(IConcern)
def concern_deadline(obj):
    return obj.deadline


@indexer(IActivity)
def activity_deadline(obj):
    if obj.deadline is None:
        raise AttributeError("deadline")
    return obj.deadline


@indexer(IUnit)
def unit_people(obj):
    return tuple(sorted(obj.people()))


@indexer(IUnit)
def unit_service(obj):
    return obj.service or ""


@indexer(ILogMessage)
def message_order(obj):
    """Newest first is this, descending: the moment it was written (to the
    microsecond; the ``created`` index keeps minutes), then its place in the
    log (demo and imported messages may share a moment). One key: the log
    page sorts a page of messages without a key per index for each of them."""
    created = obj.created()
    parent = aq_parent(aq_inner(obj))
    return (created.micros() if created else 0, parent.getObjectPosition(obj.getId()))


@indexer(ILogMessage)
def minutes_of(obj):
    """The meeting (its UID) that a message of kind ``minutes`` records: a
    meeting page finds its minutes without waking every message of the log."""
    if obj.kind != "minutes" or not obj.meeting_uid:
        raise AttributeError("meeting_uid")
    return obj.meeting_uid


def _title_only(interface):
    @indexer(interface)
    def index(obj):
        return obj.Title()

    return index


def _empty(interface):
    @indexer(interface)
    def index(obj):
        return ""

    return index


relay_log_text = _title_only(IRelayLog)
concern_text = _title_only(IConcern)
goal_text = _title_only(IGoal)
activity_text = _title_only(IActivity)
evaluation_text = _title_only(IEvaluation)
log_message_text = _title_only(ILogMessage)
meeting_text = _title_only(IMeeting)
consent_text = _title_only(IConsent)
attachment_text = _title_only(IAttachment)
relay_log_description = _empty(IRelayLog)
concern_description = _empty(IConcern)
goal_description = _empty(IGoal)
activity_description = _empty(IActivity)
evaluation_description = _empty(IEvaluation)
log_message_description = _empty(ILogMessage)
meeting_description = _empty(IMeeting)
consent_description = _empty(IConsent)
attachment_description = _empty(IAttachment)
