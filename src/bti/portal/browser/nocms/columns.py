"""No portlet columns for families: their pages (a log, its items, "Mine
logger", the family pages) are designed for them, without Plone's navigation
portlet beside them. Staff keep their columns."""

from bti.portal.users import is_family_user
from plone import api
from plone.app.portlets.manager import ColumnPortletManagerRenderer


class NoColumnsForFamilies:
    @property
    def visible(self):
        if is_family_user(api.user.get_current()):
            return False
        return super().visible


class ColumnRenderer(NoColumnsForFamilies, ColumnPortletManagerRenderer):
    pass
