"""``@@guide-search``: full text over the action guide, with facets.

The same search works over REST without this page, e.g.
``GET /<site>/@search?SearchableText=samtykke&portal_type=Tool&bti_levels:int=1
&metadata_fields=bti_levels&metadata_fields=bti_target_groups`` (``bti_levels``
holds integers: ``:int`` makes Zope convert the parameter; REST does not add
``*`` to the words, the Norwegian pipeline works either way).

Every query goes through ``portal_catalog.searchResults``, which adds the
user's roles (``allowedRolesAndUsers``) and, for users who may not see
inactive content, the effective/expires range: a result list or a facet
count never includes anything the user may not view.
"""

from bti.portal import _
from bti.portal.vocabularies import LEVELS
from bti.portal.vocabularies import TARGET_GROUPS
from dataclasses import dataclass
from plone import api
from plone.base.utils import munge_search_term
from plone.batching import Batch
from Products.Five.browser import BrowserView
from Products.ZCTextIndex.ParseTree import ParseError
from Products.ZCTextIndex.ParseTree import QueryError

import re


GUIDE_TYPES = (
    "Guide", "GuideLevel", "GuideStep", "Tool", "Routine", "Service", "Measure", "AnnualTask",
)
BATCH_SIZE = 20
UID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Facet:
    param: str  # request parameter
    index: str  # catalog index
    control: str  # "checkbox" or "select"


FACETS = (
    Facet("level", "bti_levels", "checkbox"),
    Facet("type", "portal_type", "checkbox"),
    Facet("target", "bti_target_groups", "checkbox"),
    Facet("service", "bti_service_uid", "select"),
)


LABELS = {
    "level": _("label_level", default="Level"),
    "type": _("guide_search_facet_type", default="Type"),
    "target": _("label_target_group", default="Target group"),
    "service": _("guide_search_facet_service", default="Service"),
}


def _values(form, name: str) -> list[str]:
    value = form.get(name, [])
    if isinstance(value, str):
        value = [value]
    return [v.strip() for v in value if isinstance(v, str) and v.strip()]


class GuideSearchView(BrowserView):
    """Search form, facets with counts, results in batches."""

    def __call__(self):
        self.update()
        return self.index()

    # -- request ------------------------------------------------------------

    def update(self) -> None:
        form = self.request.form
        self.text = (form.get("SearchableText") or "").strip() if isinstance(
            form.get("SearchableText", ""), str
        ) else ""
        self.selected = {facet.param: self._valid(facet, _values(form, facet.param)) for facet in FACETS}
        self.searched = bool(self.text) or any(self.selected.values())
        self.invalid = False
        self._results = []
        self._counts = {}
        try:
            if self.searched:
                self._results = self.catalog(**self.query())
            for facet in FACETS:
                self._counts[facet.param] = self._count(facet)
        except (ParseError, QueryError):
            self.invalid = True
            self._results = []
            self._counts = {}

    def _valid(self, facet: Facet, values: list[str]) -> list:
        if facet.param == "level":
            return [int(v) for v in values if v in {str(t.value) for t in LEVELS}]
        if facet.param == "type":
            return [v for v in values if v in GUIDE_TYPES]
        if facet.param == "target":
            return [v for v in values if v in TARGET_GROUPS.by_token]
        return [v for v in values if UID.match(v)][:1]

    @property
    def catalog(self):
        return api.portal.get_tool("portal_catalog")

    def query(self, without: str | None = None) -> dict:
        """The catalog query: text, guide types, every facet but ``without``."""
        query = {
            "portal_type": list(GUIDE_TYPES),
            "path": "/".join(self.context.getPhysicalPath()),
        }
        if self.text:
            munged = munge_search_term(self.text)
            if munged:
                query["SearchableText"] = munged
        for facet in FACETS:
            values = self.selected[facet.param]
            if values and facet.param != without:
                query[facet.index] = values
        if "SearchableText" not in query:
            query["sort_on"] = "sortable_title"
        return query

    def _count(self, facet: Facet) -> dict:
        """Value -> number of results, with the other facets applied."""
        brains = self.catalog(**self.query(without=facet.param))
        index = self.catalog._catalog.getIndex(facet.index)
        counts = {}
        for brain in brains:
            entry = index.getEntryForObject(brain.getRID(), None)
            if entry is None:
                continue
            for value in entry if isinstance(entry, (list, tuple)) else (entry,):
                counts[value] = counts.get(value, 0) + 1
        return counts

    # -- template -----------------------------------------------------------

    def batch(self):
        start = self.request.form.get("b_start", 0)
        try:
            start = max(int(start), 0)
        except (TypeError, ValueError):
            start = 0
        return Batch(self._results, BATCH_SIZE, start)

    def result_count(self) -> int:
        return len(self._results)

    def type_title(self, portal_type: str):
        fti = api.portal.get_tool("portal_types").getTypeInfo(portal_type)
        return fti.Title() if fti is not None else portal_type

    def results(self, batch) -> list[dict]:
        levels = {t.value: t.title for t in LEVELS}
        rows = []
        for brain in batch:
            row_levels = getattr(brain, "bti_levels", None) or ()
            rows.append(
                {
                    "title": brain.Title or brain.getId,
                    "description": brain.Description,
                    "url": brain.getURL(),
                    "type": self.type_title(brain.portal_type),
                    "levels": [levels[v] for v in row_levels if v in levels]
                    if isinstance(row_levels, (list, tuple))
                    else [],
                }
            )
        return rows

    def _option(self, facet: Facet, value, title) -> dict:
        return {
            "value": str(value),
            "title": title,
            "count": self._counts.get(facet.param, {}).get(value, 0),
            "selected": value in self.selected[facet.param],
            "id": f"bti-facet-{facet.param}-{value}",
        }

    def facets(self) -> list[dict]:
        """Facets for the template: options with counts; empty options hidden."""
        options = {
            "level": [(t.value, t.title) for t in LEVELS],
            "type": [(name, self.type_title(name)) for name in GUIDE_TYPES],
            "target": [(t.value, t.title) for t in TARGET_GROUPS],
            "service": self._service_options(),
        }
        result = []
        for facet in FACETS:
            rows = [self._option(facet, value, title) for value, title in options[facet.param]]
            rows = [row for row in rows if row["count"] or row["selected"]]
            result.append(
                {
                    "name": facet.param,
                    "label": LABELS[facet.param],
                    "control": facet.control,
                    "options": rows,
                }
            )
        return result

    def _service_options(self) -> list[tuple]:
        counted = set(self._counts.get("service", {})) | set(self.selected["service"])
        if not counted:
            return []
        brains = self.catalog(UID=sorted(counted), portal_type="Service", sort_on="sortable_title")
        return [(brain.UID, brain.Title) for brain in brains]
