"""Plone's toolbar viewlet manager with our template (toolbar.pt)."""

from plone.app.layout.viewlets.toolbar import ToolbarViewletManager
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


class AccessibleToolbar(ToolbarViewletManager):
    custom_template = ViewPageTemplateFile("toolbar.pt")
