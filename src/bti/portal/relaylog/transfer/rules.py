"""Moving a log to another unit of the same site.

A transition to another unit needs the family's consent for cooperation with the
receiving unit's service (bti.portal.domain.consent; "at every transition to
another unit or municipality"). The log's ``unit`` changes at once, so the
receiving unit's leaders oversee it and the old unit's leaders no longer do;
the relay itself follows the handover rule: the new holder, a person listed on
the receiving unit, is offered the log and holds it only once they accept
(bti.portal.relaylog.handover.rules). Until then the present holder keeps it.

Only a log being set up or active moves: a passive log has no consent to share
it, and a closed one is reopened first. Who may move it: whoever may hand it
over ("bti.portal: Hand over log": the holder, or the unit leader for an absent
holder). The move is written into the log's history.

Export to another BTI site (bti.portal.relaylog.transfer.package) uses the same
consent rule.
"""

from bti.portal import _
from bti.portal.domain import consent as c
from bti.portal.domain import levels
from bti.portal.domain import permissions as p
from bti.portal.relaylog import facts
from bti.portal.relaylog import roles
from bti.portal.relaylog.events import LogTransferred
from bti.portal.relaylog.handover import rules as handover
from bti.portal.relaylog.reasons import message
from DateTime import DateTime
from datetime import date
from plone import api
from zope.event import notify


# States a log may leave its unit or site in.
MOVABLE_STATES = (levels.DRAFT, *levels.ACTIVE_STATES)
# History entries that are not workflow transitions
# (bti.portal.relaylog.workflow.transitions shows their titles): moved here, and
# exported or imported (logs.package).
TRANSFERRED = "log_transferred"
EXPORTED = "log_exported"
IMPORTED = "log_imported"
HISTORY_TITLES = {
    TRANSFERRED: _("history_log_transferred", default="Moved to another unit"),
    EXPORTED: _("history_log_exported", default="Exported to another BTI site"),
    IMPORTED: _("history_log_imported", default="Imported from another BTI site"),
}


class TransferError(ValueError):
    """``code`` is a key of bti.portal.relaylog.reasons.MESSAGES."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    @property
    def message(self):
        return message(self.code)


def consent_covers(log, service: str, day: date | None = None) -> bool:
    """A recorded, valid consent for cooperation names ``service``."""
    return bool(service) and c.covers_service(
        facts.recorded_consents(log), service, day or date.today()
    )


def workflow_id(log) -> str:
    return api.portal.get_tool("portal_workflow").getChainFor(log)[0]


def note_in_history(log, action: str, actor: str, comments: str = "") -> None:
    """A history entry that keeps the log's state (moved, exported, imported)."""
    wftool = api.portal.get_tool("portal_workflow")
    state = api.content.get_state(log)
    wftool.setStatusOf(
        workflow_id(log),
        log,
        {
            "action": action,
            "actor": actor,
            "comments": comments,
            "review_state": state,
            "time": DateTime(),
        },
    )


def unit_by_uid(uid: str):
    """A Unit of this site (this site's catalog, see roles.unit_of)."""
    if not uid or not isinstance(uid, str):
        return None
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Unit", UID=uid):
        return brain._unrestrictedGetObject()
    return None


def holder_problem(unit, user_id: str) -> str | None:
    """Why ``user_id`` may not be offered a log of ``unit``."""
    if not user_id or user_id not in unit.people():
        return "transfer_holder_not_on_unit"
    return None


def problems(log, unit, new_holder: str) -> list[str]:
    """Reason codes why the log may not move to ``unit`` now; [] when it may."""
    if api.content.get_state(log) not in MOVABLE_STATES:
        return ["transfer_log_not_active"]
    if unit is None:
        return ["transfer_unit_unknown"]
    if unit.UID() == getattr(log, "unit", None):
        return ["transfer_same_unit"]
    found = []
    if not consent_covers(log, unit.service):
        found.append("transfer_consent_missing")
    problem = holder_problem(unit, new_holder)
    if problem:
        found.append(problem)
    return found


def may_transfer(log) -> bool:
    return bool(api.user.has_permission(p.HAND_OVER, obj=log))


def transfer_to_unit(
    log, unit, new_holder: str, by_user: str, keep_previous: bool = True
) -> dict | None:
    """Move ``log`` to ``unit`` and offer it to ``new_holder``; raises TransferError.

    The caller has checked ``may_transfer`` for the current user. Returns the
    handover offer, or None when ``new_holder`` already holds the log.
    """
    codes = problems(log, unit, new_holder)
    if codes:
        raise TransferError(codes[0])
    previous = roles.unit_of(log)
    log.unit = unit.UID()
    # What the subscriber on a changed unit does (unit_reference_changed),
    # without a modified event: that would save a version, which the unit
    # leader moving a log for an absent holder may not.
    roles.sync_unit_leaders(log)
    log.reindexObject(idxs=["bti_unit"])
    note_in_history(
        log,
        TRANSFERRED,
        by_user,
        f"{previous.Title() if previous else ''} → {unit.Title()}",
    )
    notify(LogTransferred(log))
    if new_holder in roles.holders(log):
        return None
    return handover.offer(log, new_holder, by_user=by_user, keep_previous=keep_previous)
