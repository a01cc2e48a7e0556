"""Which reminders a person gets: every kind is on until they switch it off.

``get_preferences(user_id)`` -> {kind: bool} for every kind in KINDS;
``set_preferences(user_id, changes)`` changes some kinds, refusing unknown kinds
and values that are not true or false (PreferencesError with a code).
"""

from bti.portal import _
from bti.portal.reminders import store
from zope.i18nmessageid import Message


ACTIVITIES = "activities"
MEETINGS = "meetings"
CONSENTS = "consents"
CONCERNS = "concerns"
OFFERS = "offers"
ROUNDS = "rounds"
KINDS = (ACTIVITIES, MEETINGS, CONSENTS, CONCERNS, OFFERS, ROUNDS)

# Title and plain-words description of each kind, for the form and the API.
LABELS = {
    ACTIVITIES: (
        _("reminder_kind_activities", default="Activities I am responsible for"),
        _(
            "reminder_kind_activities_help",
            default="Three days before the deadline of an activity you are "
            "responsible for, and every day after the deadline until it is done.",
        ),
    ),
    MEETINGS: (
        _("reminder_kind_meetings", default="Meetings in logs I hold"),
        _(
            "reminder_kind_meetings_help",
            default="Three days before a meeting in a log where you are the relay "
            "holder, so you can prepare the evaluation.",
        ),
    ),
    CONSENTS: (
        _("reminder_kind_consents", default="Consents that run out"),
        _(
            "reminder_kind_consents_help",
            default="When a consent in a log you hold runs out within 30 days, and "
            "when it has run out and no new consent is signed.",
        ),
    ),
    CONCERNS: (
        _("reminder_kind_concerns", default="Concerns waiting for a decision"),
        _(
            "reminder_kind_concerns_help",
            default="Three days before the deadline to decide on a concern you noted "
            "or that belongs to a unit you lead, and after the deadline.",
        ),
    ),
    OFFERS: (
        _("reminder_kind_offers", default="Offers to take over a log that ran out"),
        _(
            "reminder_kind_offers_help",
            default="When nobody answered your offer to hand over a log within a "
            "month: the offer is then withdrawn and you can make a new one.",
        ),
    ),
    ROUNDS: (
        _("reminder_kind_rounds", default="Control rounds of units I lead"),
        _(
            "reminder_kind_rounds_help",
            default="On the day a control round of a unit you lead falls due, and "
            "every week after until you close it.",
        ),
    ),
}


class PreferencesError(ValueError):
    """``code`` names what was wrong; ``messages`` below has the text."""

    def __init__(self, code: str, kind: str = ""):
        self.code = code
        self.kind = kind
        super().__init__(code)


MESSAGES = {
    "preferences_unknown_kind": _(
        "preferences_unknown_kind", default="There is no reminder called ${kind}."
    ),
    "preferences_not_boolean": _(
        "preferences_not_boolean",
        default="Switch ${kind} on or off with true or false.",
    ),
    "preferences_not_an_object": _(
        "preferences_not_an_object",
        default="Send the reminders to change as an object, for example "
        '{"meetings": false}.',
    ),
}


def message(error: PreferencesError) -> Message:
    """The translatable text of ``error``, with the kind it is about."""
    return Message(MESSAGES[error.code], mapping={"kind": error.kind})


def get_preferences(user_id: str) -> dict[str, bool]:
    off = store.switched_off(user_id)
    return {kind: kind not in off for kind in KINDS}


def set_preferences(user_id: str, changes) -> dict[str, bool]:
    """Apply ``changes`` ({kind: bool}, some of KINDS); returns all preferences."""
    if not isinstance(changes, dict):
        raise PreferencesError("preferences_not_an_object")
    for kind, value in changes.items():
        if kind not in KINDS:
            raise PreferencesError("preferences_unknown_kind", str(kind))
        if not isinstance(value, bool):
            raise PreferencesError("preferences_not_boolean", kind)
    wanted = {**get_preferences(user_id), **changes}
    store.set_switched_off(user_id, [kind for kind, on in wanted.items() if not on])
    return get_preferences(user_id)


def wants(user_id: str, kind: str) -> bool:
    return kind not in store.switched_off(user_id)
