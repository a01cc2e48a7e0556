"""Who may do what with a handover offer.

Called by @@handover, @@accept-handover and REST @handover.

Offering and withdrawing need "Hand over log" (the holder, the unit leader, the
coordinator of a closed log). Accepting and declining are for the colleague named in
the offer only, who has no role on the log before accepting: they may see the log's
initials and unit, nothing else.
"""

from bti.portal import _
from bti.portal.domain import permissions as p
from bti.portal.relaylog import roles
from bti.portal.relaylog.handover import rules as handover
from bti.portal.relaylog.people import person
from bti.portal.users import current_user_id
from bti.portal.users import fullname
from plone import api
from zExceptions import BadRequest
from zExceptions import Forbidden


ACTIONS = ("offer", "withdraw", "accept", "decline")

ERRORS = {
    "handover_to_self": _("handover_to_self", default="You already hold this log."),
    "handover_unknown_user": _(
        "handover_unknown_user", default="Choose a colleague listed on a unit."
    ),
    "handover_no_offer": _(
        "handover_no_offer", default="There is no open offer to take over this log."
    ),
    "handover_not_for_you": _(
        "handover_not_for_you", default="This offer was made to someone else."
    ),
    "handover_not_allowed": _(
        "handover_not_allowed", default="You cannot hand over this log."
    ),
    "handover_action_unknown": _(
        "handover_action_unknown",
        default="Choose what to do: offer, withdraw, accept or decline.",
    ),
    "handover_choose_colleague": _(
        "handover_choose_colleague", default="Choose the colleague to offer the log to."
    ),
}
_missing = set(handover.MESSAGES_DEFAULTS) - set(ERRORS)
if _missing:
    raise ValueError(f"handover codes without a message: {sorted(_missing)}")


def error_text(code: str) -> str:
    return api.portal.translate(ERRORS.get(code, code))


def may_hand_over(log) -> bool:
    return api.user.has_permission(p.HAND_OVER, obj=log)


def offered_to_me(log) -> bool:
    offer = handover.current_offer(log)
    return (
        bool(offer) and not api.user.is_anonymous() and offer["to"] == current_user_id()
    )


def unit_info(log) -> dict:
    unit = roles.unit_of(log)
    return {"uid": unit.UID() if unit else "", "title": unit.Title() if unit else ""}


def offer_info(offer: dict | None) -> dict | None:
    if not offer:
        return None
    return {
        "to": person(offer["to"]),
        "by": person(offer["by"]),
        "at": offer["at"],
        "keep_previous": offer["keep_previous"],
    }


def summary(log) -> dict:
    """What the current user may know about the log's handover (raises if nothing).

    The offered colleague sees the initials, unit and the offer only.
    """
    data = {
        "@id": f"{log.absolute_url()}/@handover",
        "initials": log.Title(),
        "unit": unit_info(log),
        "offer": offer_info(handover.current_offer(log)),
    }
    if may_hand_over(log):
        data["holders"] = [person(user_id) for user_id in roles.holders(log)]
        data["may_hand_over"] = True
        return data
    if offered_to_me(log):
        data["may_hand_over"] = False
        return data
    current_user_id()  # anonymous: log in
    raise Forbidden(error_text("handover_not_allowed"))


def perform(log, action: str, to: str = "", keep_previous: bool = True) -> dict:
    """Carry out one handover action as the current user; raises BadRequest/Forbidden.

    Returns {"action": ..., "previous": [...]}: the previous holders on accept.
    """
    user_id = current_user_id()
    if action not in ACTIONS:
        raise BadRequest(error_text("handover_action_unknown"))
    if action in ("offer", "withdraw") and not may_hand_over(log):
        raise Forbidden(error_text("handover_not_allowed"))
    if action in ("accept", "decline"):
        offer = handover.current_offer(log)
        if offer and offer["to"] != user_id:
            raise Forbidden(error_text("handover_not_for_you"))
    if action == "offer" and (not isinstance(to, str) or not to):
        raise BadRequest(error_text("handover_choose_colleague"))
    try:
        if action == "offer":
            handover.offer(log, to, by_user=user_id, keep_previous=keep_previous)
        elif action == "withdraw":
            handover.withdraw(log)
        elif action == "accept":
            return {"action": action, "previous": handover.accept(log, user_id)}
        else:
            handover.decline(log, user_id)
    except handover.HandoverError as error:
        raise BadRequest(error_text(error.code)) from None
    return {"action": action, "previous": []}


def success_message(action: str, log, to: str = ""):
    texts = {
        "offer": _(
            "handover_offered",
            default="The log is offered to ${name}. You hold it until they accept.",
            mapping={"name": fullname(to)},
        ),
        "withdraw": _("handover_withdrawn", default="The offer is withdrawn."),
        "accept": _(
            "handover_accepted",
            default="You now hold the log ${initials}.",
            mapping={"initials": log.Title()},
        ),
        "decline": _("handover_declined", default="You declined the offer."),
    }
    return texts[action]
