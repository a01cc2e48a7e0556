"""The site's front page: the way into the guide, the search, the pages for
families and the log (login for visitors, "Mine logger" once logged in)."""

from bti.portal.browser.family.chrome import top_folder_title
from bti.portal.browser.guide import facts
from bti.portal.catalog import children
from bti.portal.settings import get_settings
from bti.portal.setuphandlers import LOG_FOLDER_ID
from plone import api
from plone.memoize.instance import memoize
from Products.Five.browser import BrowserView


class FrontPageView(BrowserView):
    def catalog(self, **query) -> list:
        return api.portal.get_tool("portal_catalog")(**query)

    def portal_url(self) -> str:
        return self.context.absolute_url()

    def municipalities(self) -> list[str]:
        return list(get_settings().municipalities or [])

    def text(self) -> str:
        return facts.rich(self.context)

    @memoize
    def guide(self) -> dict | None:
        """The site's guide with its levels as a row of shortcuts (level
        numbers from catalog metadata; asked once per page)."""
        brains = self.catalog(portal_type="Guide", sort_on="getObjPositionInParent")
        if not brains:
            return None
        guide = brains[0]
        levels = []
        for brain in children(guide.getPath(), "GuideLevel"):
            link = facts.level_link(facts.level_of(brain))
            levels.append({
                "url": brain.getURL(),
                "badge": link["badge"] if link else "",
                "title": link["title"] if link else brain.Title,
            })
        return {
            "url": guide.getURL(),
            "title": top_folder_title(self.context, guide.getId, guide.Title),
            "description": guide.Description,
            "levels": levels,
        }

    @memoize
    def family(self) -> dict | None:
        """The folder of pages for families, if the site has one."""
        pages = self.catalog(portal_type="FamilyPage", sort_on="path", sort_limit=1)
        if not pages:
            return None
        folder = pages[0].getObject().__parent__
        title = top_folder_title(self.context, folder.getId(), folder.Title())
        return {"url": folder.absolute_url(), "title": title}

    def shortcuts(self) -> list[dict]:
        """The guide's other folders (tools, services, measures, routines, ...)."""
        guide = self.guide()
        rows = []
        for brain in self.catalog(
            path={"query": "/".join(self.context.getPhysicalPath()), "depth": 1},
            portal_type=("Folder", "AnnualWheel"),
            sort_on="getObjPositionInParent",
        ):
            if brain.getId in (LOG_FOLDER_ID,) or brain.exclude_from_nav:
                continue
            if guide and brain.getURL() == guide["url"]:
                continue
            title = top_folder_title(self.context, brain.getId, brain.Title)
            rows.append({"title": title, "url": brain.getURL()})
        family = self.family()
        return [row for row in rows if not family or row["url"] != family["url"]]

    def anonymous(self) -> bool:
        return api.user.is_anonymous()

    def logs_url(self) -> str | None:
        """The log folder, for staff who may open it."""
        if self.anonymous():
            return None
        folder = self.context.get(LOG_FOLDER_ID)
        if folder is None or not api.user.has_permission("View", obj=folder):
            return None
        user = api.user.get_current()
        if "Staff" not in user.getRolesInContext(self.context):
            return None
        return folder.absolute_url()
