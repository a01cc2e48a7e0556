"""Which kinds of reminders can reach a person (bti.portal.reminders.collect).

A family member (a guardian, a young person) is reminded only of the
activities they are responsible for; meetings, consents, concerns and handover
offers go to staff (relay holders, who noted a concern); control rounds go to
the leaders of a unit only.
"""

from bti.portal.reminders import preferences as prefs
from bti.portal.users import is_family_user
from plone import api


FAMILY_KINDS = (prefs.ACTIVITIES,)
LEADER_KINDS = (prefs.ROUNDS,)


def leads_a_unit(user_id: str) -> bool:
    catalog = api.portal.get_tool("portal_catalog")
    return bool(
        catalog.unrestrictedSearchResults(portal_type="Unit", bti_leaders=user_id)
    )


def kinds_for(user) -> tuple[str, ...]:
    """The kinds (in prefs.KINDS' order) that can apply to ``user``."""
    if is_family_user(user):
        return FAMILY_KINDS
    leader = leads_a_unit(user.getId())
    return tuple(kind for kind in prefs.KINDS if leader or kind not in LEADER_KINDS)
