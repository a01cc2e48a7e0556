"""What reader pages say about an item, in words: ages, files, levels, links."""

from AccessControl import getSecurityManager
from Acquisition import aq_base
from bti.portal import _
from bti.portal.catalog import meta
from bti.portal.content.guide_links import steps_using
from bti.portal.domain.guide_levels import level as level_fact
from bti.portal.memo import translated
from bti.portal.vocabularies import level_title
from plone import api
from plone.base.utils import human_readable_size


def translate(message) -> str:
    return translated(message) if message else ""


def age_words(age_from: int | None, age_to: int | None) -> str:
    """ "0–6 years", "From 12 years", "Up to 6 years", "All ages"."""
    if age_from is None and age_to is None:
        return translate(_("age_all", default="All ages"))
    if age_from is not None and age_to is not None:
        if age_from == age_to:
            return translate(
                _("age_one", default="${age} years", mapping={"age": age_from})
            )
        return translate(
            _(
                "age_range",
                default="${low}–${high} years",
                mapping={"low": age_from, "high": age_to},
            )
        )
    if age_from is not None:
        return translate(
            _("age_from", default="From ${age} years", mapping={"age": age_from})
        )
    return translate(_("age_to", default="Up to ${age} years", mapping={"age": age_to}))


def download(obj, field: str = "file") -> dict | None:
    """The attached file as a download: link, name, kind and size in words."""
    blob = getattr(aq_base(obj), field, None)
    if blob is None or not getattr(blob, "filename", None):
        return None
    name = blob.filename
    kind = name.rsplit(".", 1)[-1].upper() if "." in name else ""
    return {
        "url": f"{obj.absolute_url()}/@@download/{field}/{name}",
        "name": name,
        "kind": kind,
        "size": human_readable_size(blob.getSize()),
    }


def term_titles(vocabulary, values) -> list[str]:
    return [
        translate(vocabulary.getTerm(value).title)
        for value in values or []
        if value in vocabulary
    ]


def level_of(brain):
    """A GuideLevel's number from the catalog's ``bti_levels`` column; the
    object is woken only where the column is empty."""
    levels = meta(brain, "bti_levels")
    if levels:
        return levels[0]
    return getattr(brain._unrestrictedGetObject(), "level", None)


def level_link(number) -> dict | None:
    """A level's badge and name by number; None for no level."""
    fact = level_fact(number)
    if fact is None:
        return None
    return {"badge": fact.badge, "title": translate(level_title(number))}


def level_links(numbers) -> list[dict]:
    """Levels by number: name, badge and the level's page in the site's guide."""
    pages = level_pages()
    result = []
    for number in sorted(n for n in numbers or [] if level_fact(n) is not None):
        result.append({**level_link(number), "url": pages.get(number)})
    return result


def level_pages() -> dict[int, str]:
    """level number → URL of that level's page in the guide (readable ones;
    numbers from catalog metadata, no level is woken)."""
    pages = {}
    for brain in api.portal.get_tool("portal_catalog")(
        portal_type="GuideLevel", sort_on="getObjPositionInParent"
    ):
        pages.setdefault(level_of(brain), brain.getURL())
    return pages


def visible(objects) -> list:
    checker = getSecurityManager()
    return [
        obj
        for obj in objects
        if obj is not None and checker.checkPermission("View", obj)
    ]


def used_in_steps(obj) -> list[dict]:
    """The guide steps that link ``obj`` (as tool, form or routine), in guide
    order, with their level: where a reader meets it."""
    rows = []
    for step in steps_using(obj):
        number = getattr(step.__parent__, "level", None)
        rows.append({
            "title": step.Title(),
            "url": step.absolute_url(),
            "number": step.number,
            "level": translate(level_title(number)),
            "badge": level_fact(number).badge if level_fact(number) else "",
        })
    return rows


def rich(obj, field: str = "text") -> str:
    """A rich text field's HTML; "" without one (never the parent's text)."""
    value = getattr(aq_base(obj), field, None)
    return value.output if value is not None and value.raw else ""
