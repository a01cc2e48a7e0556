"""The guide pages a site follows and the text of one page (title,
description, body) as a snapshot with a digest."""

from Acquisition import aq_base
from bti.portal.content.guide import GUIDE_PAGE_TYPES
from plone.app.textfield.value import RichTextValue
from plone.base.interfaces import IPloneSiteRoot

import hashlib
import json


# The guide types a baseline shares (forms and family pages stay local).
GUIDE_TYPES = GUIDE_PAGE_TYPES
# The body of a page: the rich text behaviour's field, or a step's "what to do".
BODY_FIELDS = ("text", "what_to_do")
FIELDS = ("title", "description", "text")


def body_field(obj) -> str:
    """The page's own body field (never one acquired from its parent)."""
    own = aq_base(obj)
    for name in BODY_FIELDS:
        if hasattr(own, name):
            return name
    return BODY_FIELDS[0]


def snapshot(obj) -> dict:
    """What a page says: title, description and body HTML."""
    body = getattr(aq_base(obj), body_field(obj), None)
    return {
        "title": obj.title or "",
        "description": obj.description or "",
        "text": body.raw if isinstance(body, RichTextValue) else "",
    }


def digest(text: dict) -> str:
    data = json.dumps([text.get(name, "") for name in FIELDS], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def write(obj, text: dict) -> None:
    """Put a snapshot's text on a page (the caller notifies the change)."""
    obj.title = text["title"]
    obj.description = text["description"]
    if text["text"] or getattr(aq_base(obj), body_field(obj), None) is not None:
        value = RichTextValue(text["text"], "text/html", "text/x-html-safe")
        setattr(obj, body_field(obj), value)


def relative_path(obj, site) -> str:
    """The page's path below its site, e.g. handlingsveileder/niva-1."""
    own = obj.getPhysicalPath()
    return "/".join(own[len(site.getPhysicalPath()) :])


def published_pages(site) -> dict:
    """The baseline's guide pages anonymous readers see: UID -> page."""
    catalog = site.portal_catalog
    brains = catalog.unrestrictedSearchResults(
        portal_type=GUIDE_TYPES, allowedRolesAndUsers="Anonymous"
    )
    pages = {}
    for brain in brains:
        page = site.unrestrictedTraverse(brain.getPath(), None)
        if page is not None:  # a stale catalog entry is skipped
            pages[brain.UID] = page
    return pages


def site_of(app, site_id: str):
    """The Plone site ``site_id`` in the database, or None."""
    site = app.get(site_id) if site_id else None
    return site if IPloneSiteRoot.providedBy(site) else None
