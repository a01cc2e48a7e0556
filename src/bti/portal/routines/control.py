"""Who of a routine's named controllers has approved the version in control."""

from datetime import date
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations


KEY = "bti.portal.routine_control"


def approvals(routine) -> dict[str, str]:
    """Controller user id → ISO date of their approval, for this round."""
    return dict(IAnnotations(routine).get(KEY, {}))


def record_approval(routine, userid: str, day: date) -> None:
    if userid not in (routine.controllers or []):
        raise PermissionError(userid)
    store = IAnnotations(routine).setdefault(KEY, PersistentMapping())
    store[userid] = day.isoformat()


def reset(routine) -> None:
    IAnnotations(routine)[KEY] = PersistentMapping()


def all_controlled(routine) -> bool:
    """True when the routine names controllers and every one has approved."""
    controllers = set(routine.controllers or [])
    return bool(controllers) and controllers <= set(approvals(routine))
