"""Folder contents ("Innhold") only for staff.

Families may list a log's items (the log's page and REST need "List folder
contents"), but Plone's folder contents screen, with its cut, delete and upload
buttons, is a CMS screen: it asks for the staff's "Show Toolbar" too
(profiles/default/rolemap.xml).
"""

from plone import api
from plone.app.content.browser import contents
from plone.app.content.utils import json_dumps
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import Unauthorized

import os


TEMPLATE = os.path.join(
    os.path.dirname(contents.__file__), "templates", "folder_contents.pt"
)


class StaffFolderContentsView(contents.FolderContentsView):
    index = ViewPageTemplateFile(TEMPLATE)

    def __call__(self):
        if not api.user.has_permission("List folder contents", obj=self.context):
            raise Unauthorized("Folder contents are not for you here.")
        self.options = json_dumps(self.get_options())
        return self.index()
