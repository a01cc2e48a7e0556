"""Plone's chrome in the reader's language on a site in another one.

The main menu's tabs, the breadcrumbs and the browser title show the titles
editors gave the site's top folders, in the site's language ("For familier",
"Skjema"). A reader in another language (Arabic, Ukrainian, English, or the
other Norwegian) reads the portal's own name for each of the folders the
portal makes (``SECTIONS``, by id); a tab's dropdown of Norwegian page titles
is left out for them. Readers in the site's language read the editors' titles.

The footer is the product's own: the site's name, a line about BTI and the
site actions, all in the reader's language (Plone's copyright and colophon
portlets are not shown).
"""

from AccessControl import Unauthorized
from bti.portal import _
from bti.portal.browser.family.sections import site_sections
from bti.portal.browser.family.sections import site_tabs
from bti.portal.content.family_page import current_language
from bti.portal.content.family_page import site_language
from bti.portal.content.guide_level import IGuideLevel
from bti.portal.relaylog.titles import reader_title
from bti.portal.vocabularies import level_title
from collections import defaultdict
from plone import api
from plone.app.layout.viewlets.common import GlobalSectionsViewlet
from plone.app.layout.viewlets.common import PathBarViewlet
from plone.app.layout.viewlets.common import TitleViewlet
from plone.app.layout.viewlets.common import ViewletBase
from plone.base.interfaces.siteroot import IPloneSiteRoot
from plone.memoize.view import memoize
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

import html


_FORMS = _("section_forms", default="Forms")
_TOOLS = _("section_tools", default="Tools")
_SERVICES = _("section_services", default="Services")
_MEASURES = _("section_measures", default="Measures")
_ROUTINES = _("section_routines", default="Routines")
_GUIDE = _("section_action_guide", default="Action guide")
_WHEEL = _("section_annual_wheel", default="Annual wheel")
_FAMILIES = _("section_for_families", default="For families")
_LOGS = _("section_relay_logs", default="Relay logs")
# The top folders the portal makes, by id (bokmål and nynorsk ids).
SECTIONS = {
    "skjema": _FORMS,
    "verktoy": _TOOLS,
    "tjenester": _SERVICES,
    "tenester": _SERVICES,
    "tiltak": _MEASURES,
    "rutiner": _ROUTINES,
    "rutinar": _ROUTINES,
    "handlingsveileder": _GUIDE,
    "handlingsrettleiar": _GUIDE,
    "arshjul": _WHEEL,
    "familie": _FAMILIES,
    "logs": _LOGS,
}


def foreign_reader(context) -> bool:
    """The reader's language is not the one the site's titles are written in."""
    return current_language(context) != site_language()


def section_title(obj) -> str | None:
    """The portal's name of a top folder of the site, translated; else None."""
    parent = getattr(obj, "aq_parent", None)
    if not IPloneSiteRoot.providedBy(parent):
        return None
    msgid = SECTIONS.get(obj.getId())
    return api.portal.translate(msgid) if msgid else None


def top_folder_title(context, folder_id: str, stored: str) -> str:
    """The title of the site's top folder ``folder_id`` (its ``stored`` title)
    for the reader of ``context``, without waking the folder."""
    msgid = SECTIONS.get(folder_id)
    if msgid is not None and foreign_reader(context):
        return api.portal.translate(msgid)
    return stored


def reader_heading(obj) -> str:
    """The heading of ``obj`` as its reader reads it: for a reader of another
    language than the site's, the portal's own name of a top folder it makes
    (else a generated title in the reader's language); the stored title else."""
    if foreign_reader(obj):
        return section_title(obj) or _level_name(obj) or reader_title(obj)
    return obj.Title()


def _level_name(obj) -> str:
    """A guide level's standard name, as its page heads it."""
    if not IGuideLevel.providedBy(obj):
        return ""
    name = level_title(getattr(obj, "level", None))
    return api.portal.translate(name) if name else ""


class ReadersHeading(BrowserView):
    """@@title, the page's heading in Plone's main template (and the product's
    listings): ``reader_heading``. The editors' description of a top folder
    (in the site's language) is left out for a reader of another language.
    Both are public pages, as Plone's own, and refused as Plone's are where
    the reader may not view (a log's initials)."""

    def title(self) -> str:
        self._check_view()
        return reader_heading(self.context)

    def description(self) -> str:
        self._check_view()
        if foreign_reader(self.context) and section_title(self.context):
            return ""
        return self.context.Description()

    def _check_view(self):
        """Refused as Plone's own are, where the reader may not view."""
        if not api.user.has_permission("View", obj=self.context):
            raise Unauthorized("View")


class ReadersGlobalSections(GlobalSectionsViewlet):
    @property
    @memoize
    def portal_tabs(self):
        return site_tabs(self, lambda: super(ReadersGlobalSections, self).portal_tabs)

    @property
    @memoize
    def navtree(self):
        tree = site_sections(self, lambda: super(ReadersGlobalSections, self).navtree)
        if not foreign_reader(self.context):
            return tree
        root = self.navtree_path
        tabs = []
        for entry in tree.get(root, []):
            msgid = SECTIONS.get(entry.get("id"))
            if msgid is not None:
                entry = {**entry, "title": html.escape(api.portal.translate(msgid))}
            tabs.append(entry)
        found = defaultdict(list)
        found[root] = tabs
        return found


class ReadersPathBar(PathBarViewlet):
    def update(self):
        super().update()
        if not foreign_reader(self.context):
            return
        portal = api.portal.get()
        prefix = portal.absolute_url() + "/"
        crumbs = []
        for crumb in self.breadcrumbs:
            url = crumb.get("absolute_url") or ""
            top = url[len(prefix) :] if url.startswith(prefix) else ""
            msgid = SECTIONS.get(top) if "/" not in top else None
            if msgid is not None and top in portal.objectIds():
                crumb = {**crumb, "Title": api.portal.translate(msgid)}
            elif url == self.context.absolute_url():
                crumb = {**crumb, "Title": reader_title(self.context)}
            crumbs.append(crumb)
        self.breadcrumbs = crumbs


class ReadersTitle(TitleViewlet):
    @property
    @memoize
    def page_title(self):
        if foreign_reader(self.context):
            title = reader_heading(self.context)
            if title:
                return html.escape(title)
        return super().page_title


class ProductFooter(ViewletBase):
    """Replaces plone.app.portlets' footer (the footer portlets)."""

    index = ViewPageTemplateFile("templates/footer.pt")

    def site_title(self) -> str:
        return api.portal.get_registry_record("plone.site_title", default="") or ""

    def site_actions(self) -> list[dict]:
        state = api.content.get_view("plone_context_state", self.context, self.request)
        return [
            {"id": action["id"], "title": action["title"], "url": action["url"]}
            for action in state.actions("site_actions")
            if action.get("available", True) and action.get("allowed", True)
        ]
