"""Which units have a control round due: for the digest and the leader's pages."""

from bti.portal.domain import rounds as r
from bti.portal.relaylog.rounds import actions
from bti.portal.relaylog.rounds import store
from datetime import date
from plone import api


def units_due(today: date) -> list[tuple[object, date]]:
    """(unit, due day) of every unit with leaders whose current round is open."""
    texts = actions.round_day_texts()
    due = r.due_day(today, texts)
    key = r.round_key(due)
    found = []
    for brain in api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        portal_type="Unit", sort_on="sortable_title"
    ):
        unit = brain._unrestrictedGetObject()
        if getattr(unit, "leaders", None) and key not in store.closed_keys(unit):
            found.append((unit, due))
    return found


def reminders(today: date):
    """(leader id, due day, URL) on the due day and every week after, until closed."""
    if not r.remind_today(today, actions.round_day_texts()):
        return
    for unit, due in units_due(today):
        for leader in unit.leaders:
            yield leader, due, f"{unit.absolute_url()}/@@control-rounds"


def my_units(today: date | None = None) -> list[dict]:
    """The units the current user leads, each with whether a round is due."""
    if api.user.is_anonymous():
        return []
    user_id = api.user.get_current().getId()
    key = actions.due_key(today or date.today())
    return [
        {
            "unit": unit.Title(),
            "url": f"{unit.absolute_url()}/@@control-rounds",
            "staff_url": f"{unit.absolute_url()}/@@unit-staff",
            "due": key not in store.closed_keys(unit),
        }
        for unit in _units_led_by(user_id)
        if user_id in (getattr(unit, "leaders", None) or ()) and actions.may_run(unit)
    ]


def _units_led_by(user_id: str) -> list:
    """The units naming ``user_id`` among their leaders (``bti_leaders``), by
    title: only those are woken (a region may have hundreds of units)."""
    return [
        brain._unrestrictedGetObject()
        for brain in api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
            portal_type="Unit", bti_leaders=user_id, sort_on="sortable_title"
        )
    ]
