"""``@@guide-search``: full text over the action guide, with facets.

The words are searched by the portal's one engine (``engine``): ranked BM25,
every page with one of the words found, pages with all of them first; a
page that has only some of them says so.  The same ranking answers REST, e.g.
``GET /<site>/@search?SearchableText=samtykke&portal_type=Tool&bti_levels:int=1
&metadata_fields=bti_levels&metadata_fields=bti_target_groups`` (``bti_levels``
holds integers: ``:int`` makes Zope convert the parameter).

Every query goes through ``portal_catalog.searchResults``, which adds the
user's roles (``allowedRolesAndUsers``) and, for users who may not see
inactive content, the effective/expires range: a result list or a facet
count never includes anything the user may not view.
"""

from bti.portal import _
from bti.portal.search.engine import Engine
from bti.portal.search.engine import GUIDE_TYPES
from bti.portal.vocabularies import LEVELS
from bti.portal.vocabularies import TARGET_GROUPS
from dataclasses import dataclass
from plone import api
from plone.batching import Batch
from Products.Five.browser import BrowserView
from Products.ZCTextIndex.ParseTree import ParseError
from Products.ZCTextIndex.ParseTree import QueryError
from urllib.parse import urlencode

import re


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


# Every guide type named in the portal's own words (the types' own titles
# come from several domains; EasyForm's has no Norwegian).
TYPE_LABELS = {
    "Guide": _("search_type_Guide", default="Action guide"),
    "GuideLevel": _("search_type_GuideLevel", default="Level"),
    "GuideStep": _("search_type_GuideStep", default="Step"),
    "Tool": _("search_type_Tool", default="Tool"),
    "Routine": _("search_type_Routine", default="Routine"),
    "Service": _("search_type_Service", default="Service"),
    "Measure": _("search_type_Measure", default="Measure"),
    "AnnualWheel": _("search_type_AnnualWheel", default="Annual wheel"),
    "AnnualTask": _("search_type_AnnualTask", default="Annual task"),
    "EasyForm": _("search_type_EasyForm", default="Form"),
    "FamilyPage": _("search_type_FamilyPage", default="Page for families"),
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
        self.text = (
            (form.get("SearchableText") or "").strip()
            if isinstance(form.get("SearchableText", ""), str)
            else ""
        )
        self.selected = {
            facet.param: self._valid(facet, _values(form, facet.param))
            for facet in FACETS
        }
        self.searched = bool(self.text) or any(self.selected.values())
        self.invalid = False
        self._results = []
        self._counts = {}
        self.found = None  # the engine's result for the words
        self._uids = None
        try:
            if self.text:
                engine = Engine(self.catalog)
                self.found = engine.search(self.text, self.query())
                self._results = self.found.brains
                self._uids = engine.uids(self.found.hits)
            elif self.searched:
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
        if self._uids is not None:
            query["UID"] = self._uids  # the pages the words found
        for facet in FACETS:
            values = self.selected[facet.param]
            if values and facet.param != without:
                query[facet.index] = values
        if not self.text:
            query["sort_on"] = "sortable_title"
        return query

    def _count(self, facet: Facet) -> dict:
        """Value -> number of results, with the other facets applied."""
        if self.text and not self._uids:
            return {}
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
        if portal_type in TYPE_LABELS:
            return TYPE_LABELS[portal_type]
        fti = api.portal.get_tool("portal_types").getTypeInfo(portal_type)
        return fti.Title() if fti is not None else portal_type

    def place(self, brain, levels: dict, parents: dict) -> list:
        """Where a hit sits: type, step, levels, the folder it is in (translated)."""
        found = []
        step = getattr(brain, "bti_step_number", None)
        if brain.portal_type == "GuideStep" and step:
            found.append(
                _(
                    "guide_search_step",
                    default="Step ${number}",
                    mapping={"number": step},
                )
            )
        else:
            found.append(self.type_title(brain.portal_type))
        row_levels = getattr(brain, "bti_levels", None) or ()
        if isinstance(row_levels, (list, tuple)):
            found.extend(levels[v] for v in row_levels if v in levels)
        within = parents.get(brain.getPath().rsplit("/", 1)[0])
        if within:
            found.append(
                _(
                    "guide_search_within",
                    default="in ${place}",
                    mapping={"place": within},
                )
            )
        return found

    def loose(self) -> bool:
        """Results, but no page has every word."""
        return self.found is not None and self.found.loose

    def suggestion(self) -> str | None:
        return self.found.suggestion() if self.found is not None else None

    def suggestion_url(self) -> str:
        return f"{self.context.absolute_url()}/@@guide-search?" + urlencode({
            "SearchableText": self.suggestion() or ""
        })

    def parents(self, batch) -> dict:
        """Path -> title of the folders the hits sit in (catalog metadata only)."""
        paths = {brain.getPath().rsplit("/", 1)[0] for brain in batch}
        if not paths:
            return {}
        brains = self.catalog(path={"query": sorted(paths), "depth": 0})
        return {brain.getPath(): brain.Title for brain in brains}

    def results(self, batch) -> list[dict]:
        levels = {t.value: t.title for t in LEVELS}
        parents = self.parents(batch)
        hits = self.found.hits if self.found is not None else {}
        rows = []
        for brain in batch:
            hit = hits.get(brain.getRID())
            rows.append({
                "title": brain.Title or brain.getId,
                "description": brain.Description,
                "url": brain.getURL(),
                "type": self.type_title(brain.portal_type),
                "place": self.place(brain, levels, parents),
                "matched": ", ".join(hit.matched) if hit is not None else "",
                "all_words": hit is not None
                and hit.coverage >= len(self.found.concepts),
            })
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
            rows = [
                self._option(facet, value, title)
                for value, title in options[facet.param]
            ]
            rows = [row for row in rows if row["count"] or row["selected"]]
            result.append({
                "name": facet.param,
                "label": LABELS[facet.param],
                "control": facet.control,
                "options": rows,
            })
        return result

    def _service_options(self) -> list[tuple]:
        counted = set(self._counts.get("service", {})) | set(self.selected["service"])
        if not counted:
            return []
        brains = self.catalog(
            UID=sorted(counted), portal_type="Service", sort_on="sortable_title"
        )
        return [(brain.UID, brain.Title) for brain in brains]
