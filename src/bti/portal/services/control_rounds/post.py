"""POST <site or unit>/@control-rounds: open, record or close the due round.

{"unit": UID (on the site only), "action": "open" | "record" | "close",
 "round": "YYYY-MM-DD" (optional: the due round),
 "log": UID (record), "checks": {"holder_present": true, "plan_current": null,
 "consents_valid": false, "next_meeting": true} (record), "note": "..." (record)}
Answers the unit's rounds as GET <unit>/@control-rounds does.
"""

from bti.portal.content.unit import IUnit
from bti.portal.relaylog.rounds import actions
from bti.portal.services import body
from bti.portal.services.control_rounds.get import unit_reply
from bti.portal.users import current_user_id
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


ACTIONS = ("open", "record", "close")


class ControlRoundsPost(Service):
    def reply(self):
        # Token-less REST clients authenticate per request, as in plone.restapi.
        alsoProvides(self.request, IDisableCSRFProtection)
        current_user_id()  # anonymous: 401
        data = body.json_object(self.request)
        unit = (
            self.context
            if IUnit.providedBy(self.context)
            else actions.unit_by_uid(data.get("unit"))
        )
        actions.check_may_run(unit)
        action = data.get("action")
        if action not in ACTIONS:
            raise actions.refuse("round_action_unknown")
        key = body.text(data, "round") or None
        if action == "open":
            actions.open_round(unit, key)
        elif action == "record":
            actions.record(
                unit, data.get("log"), data.get("checks"), data.get("note"), key
            )
        else:
            actions.close(unit, key)
        return unit_reply(unit)
