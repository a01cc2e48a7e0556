"""The guide navigator: levels as a path, each level's steps, each step's tools."""

from AccessControl import getSecurityManager
from bti.portal import _
from bti.portal.catalog import children
from bti.portal.settings import get_settings
from bti.portal.vocabularies import LEVELS
from plone import api
from Products.Five.browser import BrowserView


def level_title(level: int | None):
    return LEVELS.getTerm(level).title if level in LEVELS else ""


RELATED_FIELDS = (
    ("tools", _("label_tools", default="Tools")),
    ("forms", _("label_forms", default="Forms")),
    ("routines", _("label_routines", default="Routines")),
)


class GuideNavigatorView(BrowserView):
    """Levels 0 → 1 → 2 → 3 → IP, each with its steps (catalog only)."""

    def levels(self) -> list[dict]:
        result = []
        for brain in children(self.context, "GuideLevel"):
            # Five levels at most: reading their number wakes five objects.
            level = brain.getObject().level
            result.append({
                "badge": "IP" if level == 4 else str(level),
                "title": brain.Title,
                "description": brain.Description,
                "url": brain.getURL(),
                "steps": [
                    {"title": step.Title, "url": step.getURL()}
                    for step in children(brain.getPath(), "GuideStep")
                ],
            })
        return result


class LevelView(BrowserView):
    def label(self):
        return level_title(self.context.level)

    def steps(self):
        return children(self.context, "GuideStep")


class StepView(BrowserView):
    def level(self):
        return self.context.__parent__

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

    def related(self, field: str) -> list:
        """Related items the current user may see."""
        checker = getSecurityManager()
        items = []
        for relation in getattr(self.context, field, None) or []:
            target = relation.to_object
            if target is not None and checker.checkPermission("View", target):
                items.append(target)
        return items

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
