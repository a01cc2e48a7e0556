"""The guide's own pages: the navigator, a level and a step."""

from bti.portal import _
from bti.portal.browser.anonymous_cache import page_key
from bti.portal.browser.guide import facts
from bti.portal.browser.guide.facts import level_of
from bti.portal.catalog import children
from bti.portal.catalog import meta
from bti.portal.catalog import path_of
from bti.portal.domain.guide_levels import level as level_fact
from bti.portal.settings import get_settings
from bti.portal.vocabularies import level_title
from plone import api
from plone.memoize import ram
from plone.memoize.instance import memoize
from Products.Five.browser import BrowserView


def badge(number) -> str:
    fact = level_fact(number)
    return fact.badge if fact is not None else ""


class GuideNavigatorView(BrowserView):
    """Levels 0 → 1 → 2 → 3 → IP, each with its steps (catalog only)."""

    def text(self) -> str:
        return facts.rich(self.context)

    def levels(self) -> list[dict]:
        result = []
        for brain in children(self.context, "GuideLevel"):
            number = level_of(brain)
            result.append({
                "badge": badge(number),
                "title": facts.translate(level_title(number)) or brain.Title,
                "description": brain.Description,
                "url": brain.getURL(),
                "steps": [
                    {"title": step.Title, "url": step.getURL()}
                    for step in children(brain.getPath(), "GuideStep")
                ],
            })
        return result


class LevelView(BrowserView):
    """A level: its name, purpose, who takes part, and its steps in order."""

    def badge(self) -> str:
        return badge(self.context.level)

    def parent(self) -> dict:
        guide = self.context.__parent__
        return {"title": guide.Title(), "url": guide.absolute_url()}

    def title(self) -> str:
        return facts.translate(level_title(self.context.level)) or self.context.title

    def text(self) -> str:
        return facts.rich(self.context)

    @memoize
    def _in_guide(self) -> dict[str, list]:
        if api.user.is_anonymous():
            return _in_guide_for_anonymous(self.context, self.request)
        return _in_guide(self.context)

    def steps(self) -> list[dict]:
        rows = []
        for found in self._in_guide()["steps"]:
            # The catalog found what the reader may see: no second check per
            # step. "Who is responsible" is not catalog metadata, so the step
            # is taken from this level directly (a lookup in the folder, not
            # a traversal from the site root).
            step = self.context._getOb(found["id"])
            number = found["number"]
            rows.append({
                "number": step.number if number is None else number,
                "title": found["title"],
                "description": found["description"],
                "responsible": step.responsible,
                "url": found["url"],
            })
        return rows

    def neighbours(self) -> dict:
        """The levels before and after this one in the guide."""
        levels = self._in_guide()["levels"]
        paths = [found["path"] for found in levels]
        here = path_of(self.context)
        index = paths.index(here) if here in paths else -1

        def row(found):
            return {
                "url": found["url"],
                "title": facts.translate(level_title(found["level"])) or found["title"],
            }

        return {
            "previous": row(levels[index - 1]) if index > 0 else None,
            "next": row(levels[index + 1]) if 0 <= index < len(levels) - 1 else None,
        }


def _in_guide(level) -> dict[str, list]:
    """The guide's levels and ``level``'s steps, in folder order, from one
    catalog query (levels and steps of the guide, split by parent), as plain
    rows (what the page reads of them)."""
    guide = path_of(level.__parent__)
    here = path_of(level)
    found = {"levels": [], "steps": []}
    for brain in api.portal.get_tool("portal_catalog")(
        path={"query": guide, "depth": 2},
        portal_type=("GuideLevel", "GuideStep"),
        sort_on="getObjPositionInParent",
    ):
        parent = brain.getPath().rsplit("/", 1)[0]
        if parent == guide and brain.portal_type == "GuideLevel":
            found["levels"].append({
                "path": brain.getPath(),
                "url": brain.getURL(),
                "title": brain.Title,
                "level": level_of(brain),
            })
        elif parent == here and brain.portal_type == "GuideStep":
            found["steps"].append({
                "id": brain.getId,
                "number": meta(brain, "bti_step_number"),
                "title": brain.Title,
                "description": brain.Description,
                "url": brain.getURL(),
            })
    return found


@ram.cache(lambda method, level, request: page_key(level, request, "in_guide"))
def _in_guide_for_anonymous(level, request) -> dict[str, list]:
    """``_in_guide`` for anonymous readers, kept (browser.anonymous_cache)."""
    return _in_guide(level)


RELATED_FIELDS = (
    ("tools", _("label_tools", default="Tools")),
    ("forms", _("label_forms", default="Forms")),
    ("routines", _("label_routines", default="Routines")),
)


class StepView(BrowserView):
    """A step: where it sits, who does it by when, what to do, what to use."""

    def level(self):
        return self.context.__parent__

    def level_title(self) -> str:
        number = getattr(self.level(), "level", None)
        return facts.translate(level_title(number)) or self.level().Title()

    def badge(self) -> str:
        return badge(getattr(self.level(), "level", None))

    def text(self) -> str:
        return facts.rich(self.context, "what_to_do")

    def deadline(self) -> str:
        """The step's own deadline, or the site's level-0 deadline on level 0."""
        if self.context.deadline_hint:
            return self.context.deadline_hint
        if getattr(self.level(), "level", None) == 0:
            days = get_settings().level0_deadline_days
            return api.portal.translate(
                _(
                    "deadline_within_days",
                    default="Within ${days} days",
                    mapping={"days": days},
                )
            )
        return ""

    def related_groups(self) -> list[dict]:
        """Tools, forms and routines of this step, each group only if not empty."""
        groups = []
        for field, title in RELATED_FIELDS:
            items = self.related(field)
            if items:
                groups.append({"field": field, "title": title, "targets": items})
        return groups

    def related(self, field: str) -> list[dict]:
        """Related items the current user may see, with their download."""
        targets = facts.visible(
            relation.to_object for relation in getattr(self.context, field, None) or []
        )
        return [
            {
                "title": target.Title(),
                "description": target.Description(),
                "url": target.absolute_url(),
                "download": facts.download(target),
            }
            for target in targets
        ]

    def neighbours(self) -> dict:
        """The previous and next step in the same level."""
        steps = list(children(self.level(), "GuideStep"))
        uids = [brain.UID for brain in steps]
        uid = api.content.get_uuid(self.context)
        here = uids.index(uid) if uid in uids else -1
        return {
            "previous": steps[here - 1] if here > 0 else None,
            "next": steps[here + 1] if 0 <= here < len(steps) - 1 else None,
        }
