"""GET <site>/@control-rounds: the rounds of every unit the user leads.
GET <unit>/@control-rounds: one unit's rounds, with its active logs (initials,
level, holder and the prefilled checklist) while a round is due.
GET <unit>/@control-rounds?round=YYYY-MM-DD: one round as kept, each line as it
was checked (a round closed before snapshots were kept: "snapshot": false, no
state or holders). A malformed day: 400; no such round: 404."""

from bti.portal.relaylog.rounds import actions
from bti.portal.relaylog.rounds import logs as round_logs
from bti.portal.users import current_user_id
from plone.restapi.services import Service


def unit_reply(unit) -> dict:
    data = actions.unit_summary(unit)
    data["logs"] = round_logs.active_logs(unit) if data["is_due"] else []
    return data


class ControlRoundsGet(Service):
    def reply(self):
        current_user_id()  # anonymous: 401
        units = actions.led_units()
        if not units:
            raise actions.refuse("round_not_allowed")
        return {
            "@id": f"{self.context.absolute_url()}/@control-rounds",
            "items": [actions.unit_summary(unit) for unit in units],
        }


class UnitControlRoundsGet(Service):
    def reply(self):
        actions.check_may_run(self.context)
        if "round" in self.request.form:
            return actions.past_round(self.context, self.request.form["round"])
        return unit_reply(self.context)
