"""Listing pages for the guide: services directory, measures overview.

Both read catalog brains and their bti_* metadata only; no object is woken.
"""

from bti.portal.catalog import meta
from bti.portal.catalog import path_of
from bti.portal.vocabularies import INTENSITIES
from bti.portal.vocabularies import LEVELS
from bti.portal.vocabularies import RISK_FACTORS
from bti.portal.vocabularies import TARGET_GROUPS
from plone import api
from Products.Five.browser import BrowserView


def int_param(request, name: str, low: int, high: int) -> int | None:
    """An integer query parameter in [low, high], or None when absent or bad."""
    try:
        value = int(request.form.get(name, ""))
    except ValueError:
        return None
    return value if low <= value <= high else None


def term_title(vocabulary, value) -> str:
    return vocabulary.getTerm(value).title if value in vocabulary else ""


class ServicesDirectoryView(BrowserView):
    """Services in this folder, optionally only those taking part in a level."""

    def selected_level(self) -> int | None:
        return int_param(self.request, "level", 0, 4)

    def level_options(self) -> list[dict]:
        return [{"value": term.value, "title": term.title} for term in LEVELS]

    def services(self) -> list:
        query = {
            "portal_type": "Service",
            "path": {"query": path_of(self.context)},
            "sort_on": "sortable_title",
        }
        level = self.selected_level()
        if level is not None:
            query["bti_levels"] = level
        return api.portal.get_tool("portal_catalog")(**query)


class MeasuresOverviewView(BrowserView):
    """Measures sorted and coloured by risk factor, filtered by age and service."""

    def selected_age(self) -> int | None:
        return int_param(self.request, "age", 0, 25)

    def selected_service(self) -> str:
        return self.request.form.get("service", "")

    def service_options(self) -> list[dict]:
        brains = api.portal.get_tool("portal_catalog")(
            portal_type="Service", sort_on="sortable_title"
        )
        return [{"uid": b.UID, "title": b.Title} for b in brains]

    def measures(self) -> list[dict]:
        catalog = api.portal.get_tool("portal_catalog")
        query = {"portal_type": "Measure", "path": {"query": path_of(self.context)}}
        age = self.selected_age()
        if age is not None:
            query["bti_age_from"] = {"query": age, "range": "max"}
            query["bti_age_to"] = {"query": age, "range": "min"}
        if self.selected_service():
            query["bti_service_uid"] = self.selected_service()
        services = {o["uid"]: o["title"] for o in self.service_options()}
        order = {term.value: i for i, term in enumerate(RISK_FACTORS)}
        rows = [
            {
                "title": brain.Title,
                "description": brain.Description,
                "url": brain.getURL(),
                "risk_factor": meta(brain, "bti_risk_factor", ""),
                "risk_title": term_title(RISK_FACTORS, meta(brain, "bti_risk_factor")),
                "target_group": term_title(
                    TARGET_GROUPS, meta(brain, "bti_target_group")
                ),
                "intensity": term_title(INTENSITIES, meta(brain, "bti_intensity")),
                "ages": (meta(brain, "bti_age_from", 0), meta(brain, "bti_age_to", 25)),
                "service": services.get(meta(brain, "bti_service_uid"), ""),
            }
            for brain in catalog(**query)
        ]
        return sorted(rows, key=lambda r: (order.get(r["risk_factor"], 99), r["title"]))
