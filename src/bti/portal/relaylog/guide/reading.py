"""The site's guide read from the catalog: one level page, its steps in order,
and the tools and forms they link to. Metadata only, no object is woken; the
results are kept for the rest of the request (the page and the REST reply may
ask for the same level more than once).

The catalog filters by the current user's View, so a step or tool they may
not see is left out. A level read is kept in RAM (catalog.state_key) under
the principals the catalog filters by: every log page shows one or two
levels, and the guide changes seldom (any change to content makes a new key).
"""

from bti.portal.catalog import children
from bti.portal.catalog import meta
from bti.portal.catalog import state_key
from bti.portal.memo import tool
from bti.portal.users import current_user
from plone import api
from plone.memoize import ram
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest


CACHE_KEY = "bti.portal.relaylog.guide"


def _cache() -> dict:
    request = getRequest()
    if request is None:
        return {}
    return IAnnotations(request).setdefault(CACHE_KEY, {})


def level_page(level: int) -> dict | None:
    """{"level", "title", "url", "steps"} of the guide's page for ``level``."""
    key = (current_user().getId(), level)
    cache = _cache()
    if key not in cache:
        cache[key] = _read(level)
    return cache[key]


def _read_key(method, level: int) -> tuple:
    request = getRequest()
    if request is None:  # a script: read every time
        raise ram.DontCache
    catalog = tool("portal_catalog")
    principals = catalog._listAllowedRolesAndUsers(api.user.get_current())
    return state_key(api.portal.get(), request, level, tuple(principals))


@ram.cache(_read_key)
def _read(level: int) -> dict | None:
    """Kept and shared: callers copy, never change it."""
    catalog = api.portal.get_tool("portal_catalog")
    pages = catalog(portal_type="GuideLevel", bti_levels=level, sort_on="path")
    if not pages:
        return None
    page = pages[0]
    steps = [_step(brain) for brain in children(page.getPath(), "GuideStep")]
    targets = _targets([uid for step in steps for uid in step.pop("link_uids")])
    for step in steps:
        step["links"] = [targets[uid] for uid in step["links"] if uid in targets]
    return {
        "level": level,
        "title": page.Title,
        "url": page.getURL(),
        "steps": steps,
    }


def _step(brain) -> dict:
    uids = list(meta(brain, "bti_step_links", ()) or ())
    return {
        "uid": brain.UID,
        "number": meta(brain, "bti_step_number"),
        "title": brain.Title,
        "description": brain.Description or "",
        "url": brain.getURL(),
        "action": meta(brain, "bti_log_action"),
        "links": uids,
        "link_uids": uids,
    }


def _targets(uids: list[str]) -> dict:
    """UID -> {"title", "url", "type"} for the tools and forms the user may see."""
    if not uids:
        return {}
    catalog = api.portal.get_tool("portal_catalog")
    return {
        brain.UID: {
            "uid": brain.UID,
            "title": brain.Title,
            "url": brain.getURL(),
            "type": brain.portal_type,
        }
        for brain in catalog(UID=sorted(set(uids)))
    }
