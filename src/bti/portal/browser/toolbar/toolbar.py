"""Plone's toolbar viewlet manager with our template (toolbar.pt).

On a report page (``IReportView``: dashboard, statistics, a log's status, the
work page) the toolbar keeps the user menu only: the context's views, content
and workflow menus belong to the folder behind the report, not to it, and
were the dearest part of those pages to render.
"""

from bti.portal.interfaces import IReportView
from plone.app.layout.viewlets.toolbar import ToolbarViewletManager
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


class AccessibleToolbar(ToolbarViewletManager):
    custom_template = ViewPageTemplateFile("toolbar.pt")

    def base_render(self):
        if IReportView.providedBy(self.__parent__):
            return ""
        return super().base_render()
