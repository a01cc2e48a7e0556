"""A routine's four-eyes cycle: who wrote the version, who may approve it, and
the record of every approved version.

The record is an annotation on the routine. A working copy starts with its own
copy of it (plone.app.iterate copies annotations by reference); check-in puts
the copy's record, with the new approval, back on the published routine.
"""

from bti.portal import _
from bti.portal.content.routine import IRoutine
from bti.portal.content.routine import IRoutineCycle
from bti.portal.routines import control
from bti.portal.users import fullname
from datetime import date
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from plone.app.iterate.interfaces import IWorkingCopy
from zExceptions import BadRequest
from zExceptions import Forbidden
from zope.annotation.interfaces import IAnnotations
from zope.component import adapter
from zope.interface import implementer


KEY = "bti.portal.routine_cycle"
FIELDS = ("version", "approved_by", "approved_date")


def _store(routine, create: bool = False):
    annotations = IAnnotations(routine)
    store = annotations.get(KEY)
    if store is None and create:
        store = annotations[KEY] = PersistentMapping(
            authors=PersistentList(), history=PersistentList()
        )
    return store


def authors(routine) -> list[str]:
    """User ids of the people who wrote the version in hand."""
    store = _store(routine)
    return list(store["authors"]) if store else []


def add_author(routine, userid: str) -> None:
    store = _store(routine, create=True)
    if userid and userid not in store["authors"]:
        store["authors"].append(userid)


def clear_authors(routine) -> None:
    _store(routine, create=True)["authors"] = PersistentList()


def start_version(routine, userid: str) -> None:
    """A new version begins (a working copy): its own record, written by
    ``userid``, with the history so far."""
    old = _store(routine)
    history = (
        [PersistentMapping(dict(entry)) for entry in old["history"]] if old else []
    )
    IAnnotations(routine)[KEY] = PersistentMapping(
        authors=PersistentList([userid] if userid else []),
        history=PersistentList(history),
    )


def history(routine) -> list[dict]:
    """Every approved version, oldest first: version, approved_by,
    approved_date (ISO), authors, controllers (user id → ISO date)."""
    store = _store(routine)
    if not store:
        return []
    return [
        {key: value for key, value in dict(entry).items() if key != "previous"}
        for entry in store["history"]
    ]


def control_refusal(routine):
    """Why the routine cannot go to control now, or None."""
    controllers = list(routine.controllers or [])
    if not controllers:
        return _(
            "error_routine_no_controllers",
            default="Name at least one controller before you send the routine "
            "to control.",
        )
    writers = [userid for userid in controllers if userid in authors(routine)]
    if writers:
        return _(
            "error_routine_author_controls",
            default="${users} wrote this version and cannot control it; name "
            "someone else.",
            mapping={"users": ", ".join(fullname(u) for u in writers)},
        )
    return None


def approval_refusal(routine, userid: str):
    """Why ``userid`` may not approve the routine in control, or None."""
    if not control.all_controlled(routine):
        return _(
            "error_routine_not_controlled",
            default="Every named controller must confirm the control first.",
        )
    if userid in authors(routine):
        return _(
            "error_routine_author_approves",
            default="You wrote this version; someone else must approve it.",
        )
    if userid in (routine.controllers or []):
        return _(
            "error_routine_controller_approves",
            default="You controlled this version; someone else must approve it.",
        )
    return None


def controller_refusal(routine, userid: str):
    """Why ``userid`` may not confirm the control now, or None."""
    if userid not in (routine.controllers or []):
        return _(
            "error_not_controller",
            default="You are not a controller of this routine, or you have "
            "approved it already.",
        )
    if userid in control.approvals(routine):
        return _(
            "error_routine_controlled_already",
            default="You have confirmed the control of this version already.",
        )
    if userid in authors(routine):
        return _(
            "error_routine_author_confirms",
            default="You wrote this version; you cannot control it.",
        )
    return None


def can_approve_as_controller(routine) -> bool:
    userid = api.user.get_current().getId()
    return (
        api.content.get_state(routine) == "in_control"
        and controller_refusal(routine, userid) is None
    )


def approve_as_controller(routine) -> None:
    """Record the current user's control approval, or explain why not."""
    if api.content.get_state(routine) != "in_control":
        raise BadRequest(
            api.portal.translate(
                _("error_not_in_control", default="The routine is not in control.")
            )
        )
    userid = api.user.get_current().getId()
    refusal = controller_refusal(routine, userid)
    if refusal is not None:
        raise Forbidden(api.portal.translate(refusal))
    control.record_approval(routine, userid, date.today())


def allows(routine, transition_id: str) -> bool:
    """The workflow guard: whether the cycle lets the current user fire it."""
    if transition_id == "send_to_control":
        return control_refusal(routine) is None
    if transition_id == "approve":
        userid = api.user.get_current().getId()
        return approval_refusal(routine, userid) is None
    if transition_id == "publish":
        # A working copy is checked in over the published routine instead.
        return not IWorkingCopy.providedBy(routine)
    return True


def record_approval(routine, userid: str, day: date) -> None:
    """The workflow approved the routine: next version, approver and date."""
    store = _store(routine, create=True)
    previous = {
        "version": routine.version or 0,
        "approved_by": routine.approved_by,
        "approved_date": _iso(routine.approved_date),
    }
    routine.version = (routine.version or 0) + 1
    routine.approved_by = userid
    routine.approved_date = day
    store["history"].append(
        PersistentMapping(
            version=routine.version,
            approved_by=userid,
            approved_date=day.isoformat(),
            authors=list(store["authors"]),
            controllers=control.approvals(routine),
            previous=previous,
        )
    )


def undo_approval(routine) -> None:
    """An approved version sent back to draft: the approval no longer holds."""
    store = _store(routine)
    if not store or not store["history"]:
        return
    previous = store["history"].pop().get("previous") or {}
    routine.version = previous.get("version") or 0
    routine.approved_by = previous.get("approved_by")
    day = previous.get("approved_date")
    routine.approved_date = date.fromisoformat(day) if day else None


def record_existing_approval(routine) -> None:
    """A routine approved before this record existed: its last approval as the
    first entry of its history."""
    if not (routine.approved_by and routine.approved_date):
        return
    _store(routine, create=True)["history"].append(
        PersistentMapping(
            version=routine.version or 0,
            approved_by=routine.approved_by,
            approved_date=routine.approved_date.isoformat(),
            authors=[routine.changed_by] if routine.changed_by else [],
            controllers={},
        )
    )


def set_last_approval(routine, version: int, userid: str, day: date) -> None:
    """Demo content: the routine arrives with the version data of its file."""
    routine.version, routine.approved_by, routine.approved_date = version, userid, day
    store = _store(routine)
    if store and store["history"]:
        entry = store["history"][-1]
        entry.update(version=version, approved_by=userid, approved_date=day.isoformat())


def _iso(day):
    return day.isoformat() if day else None


@implementer(IRoutineCycle)
@adapter(IRoutine)
class RoutineCycle:
    """The guard the routine workflow asks (Routine.cycle_allows)."""

    def __init__(self, context):
        self.context = context

    def allows(self, transition_id: str) -> bool:
        return allows(self.context, transition_id)
