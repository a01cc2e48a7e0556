"""Plone's toolbar viewlet manager with our template (toolbar.pt).

On a page the product lays out with its own actions (``IProductPage``: the
log page with its level-change, add and sharing buttons; the dashboard,
statistics, a log's status, the work page) the toolbar keeps the user menu
only: Plone's views, content and workflow menus would repeat those actions
without their reasons (or offer the folder's behind a report), and were the
dearest part of those pages to render (a third of the log page).
"""

from bti.portal.interfaces import IProductPage
from plone.app.layout.viewlets.toolbar import ToolbarViewletManager
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


class AccessibleToolbar(ToolbarViewletManager):
    custom_template = ViewPageTemplateFile("toolbar.pt")

    def filter(self, viewlets):
        """None of the toolbar's viewlets on a product page (not even updated:
        the content views alone cost 4 ms a log page)."""
        if IProductPage.providedBy(self.__parent__):
            return []
        return super().filter(viewlets)

    def base_render(self):
        if IProductPage.providedBy(self.__parent__):
            return ""
        return super().base_render()
