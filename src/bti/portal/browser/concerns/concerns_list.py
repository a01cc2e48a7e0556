"""My concerns: the ones the user noted, and for unit leaders their units' ones.

The catalog returns only concerns the user may View (Owner, or UnitLeader from
the unit), so the list needs no filter of its own. Coordinators, who may not
open a concern, see every unit's concerns as lines from the catalog (initials,
unit, who noted it, deadline and state; no link, no content). Open concerns come
first, by deadline, then the decided ones, latest first.
"""

from bti.portal.browser.concerns.concern_view import decision_title
from bti.portal.catalog import meta
from bti.portal.catalog import path_of
from bti.portal.dates import day_text
from bti.portal.domain import permissions as p
from bti.portal.relaylog import roles
from bti.portal.relaylog.overview.lists import unit_titles
from bti.portal.users import fullname
from datetime import date
from plone import api
from Products.Five.browser import BrowserView


ADD_CONCERN = "bti.portal: Add Concern"


class ConcernsView(BrowserView):
    def rows(self) -> list[dict]:
        catalog = api.portal.get_tool("portal_catalog")
        query = {
            "portal_type": "Concern",
            "path": {"query": path_of(self.context), "depth": 1},
        }
        brains = catalog(**query)
        rows = [self._row(brain.getObject()) for brain in brains]
        if self.coordinates():
            seen = {brain.UID for brain in brains}
            units = unit_titles()
            rows += [
                self._line(brain, units)
                for brain in catalog.unrestrictedSearchResults(**query)
                if brain.UID not in seen
            ]
        return rows

    def coordinates(self) -> bool:
        """Coordinator (or Manager) on the log folder: every unit's concerns."""
        held = set(api.user.get_roles(obj=self.context))
        return bool(held & {p.COORDINATOR, p.MANAGER})

    def _line(self, brain, units: dict) -> dict:
        """A concern the viewer may not open: catalog data only, no link."""
        deadline = meta(brain, "bti_deadline")
        state = meta(brain, "review_state", "")
        return {
            "url": None,
            "initials": brain.Title,
            "unit": units.get(meta(brain, "bti_unit", ""), ""),
            "noted_by": fullname(meta(brain, "Creator", "")),
            "noticed": "",
            "deadline": deadline or date.max,
            "deadline_text": day_text(deadline),
            "overdue": state == p.CONCERN_OPEN
            and deadline is not None
            and date.today() > deadline,
            "open": state == p.CONCERN_OPEN,
            "decision": "",
            "decision_title": "",
            "decided_on": date.min,
            "decided_on_text": "",
        }

    def _row(self, concern) -> dict:
        unit = roles.unit_of(concern)
        creator = concern.Creator()
        return {
            "url": concern.absolute_url(),
            "initials": concern.Title(),
            "unit": unit.Title() if unit is not None else "",
            "noted_by": fullname(creator),
            "noticed": day_text(concern.noticed),
            "deadline": concern.deadline or date.max,
            "deadline_text": day_text(concern.deadline),
            "overdue": concern.is_overdue(),
            "open": api.content.get_state(concern) == p.CONCERN_OPEN,
            "decision": concern.decision or "",
            "decision_title": decision_title(concern.decision),
            "decided_on": concern.decided_on or date.min,
            "decided_on_text": day_text(concern.decided_on),
        }

    def groups(self) -> dict:
        rows = self.rows()
        return {
            "open": sorted((r for r in rows if r["open"]), key=lambda r: r["deadline"]),
            "decided": sorted(
                (r for r in rows if not r["open"]),
                key=lambda r: r["decided_on"],
                reverse=True,
            ),
        }

    def add_url(self) -> str:
        if api.user.has_permission(ADD_CONCERN, obj=self.context):
            return f"{self.context.absolute_url()}/++add++Concern"
        return ""
