"""No portlet columns for families: their pages (a log, its items, "Mine
logger", the family pages) are designed for them, without Plone's navigation
portlet beside them. Nor for anyone inside a log: its pages are designed,
and the navigation portlet there showed only the log's initials. Staff keep
their columns elsewhere."""

from Acquisition import aq_chain
from Acquisition import aq_inner
from bti.portal.content.relay_log import IRelayLog
from bti.portal.users import current_user
from bti.portal.users import is_family_user
from plone.app.portlets.manager import ColumnPortletManagerRenderer


class NoColumnsForFamilies:
    @property
    def visible(self):
        if _in_a_log(self.context) or is_family_user(current_user()):
            return False
        return super().visible


def _in_a_log(context) -> bool:
    return any(IRelayLog.providedBy(item) for item in aq_chain(aq_inner(context)))


class ColumnRenderer(NoColumnsForFamilies, ColumnPortletManagerRenderer):
    pass
