"""Plone's author page (``<site>/author/<id>``, linked from bylines) shows a
contact form and the author's latest items: a CMS screen, and a way for
families to browse staff. Families go to "Mine logger"; staff keep it."""

from bti.portal.browser.nocms.personal import FamiliesToMyLogs
from Products.CMFPlone.browser import author
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

import os


class StaffAuthorView(FamiliesToMyLogs, author.AuthorView):
    index = ViewPageTemplateFile(
        "templates/author.pt", _prefix=os.path.dirname(author.__file__)
    )
