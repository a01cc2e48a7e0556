"""Portlet settings made at install, not on the first page view.

plone.portlets creates each assignment's settings the first time a page
renders it. On GET that is a write: plone.protect aborts it for logged-in
people, so it comes back on every request (a conflict under load), and for
anonymous visitors it commits from a read.
"""

from plone.portlets.interfaces import IPortletAssignmentMapping
from plone.portlets.interfaces import IPortletAssignmentSettings
from plone.portlets.interfaces import IPortletManager
from zope.component import getUtilitiesFor
from zope.component import queryMultiAdapter


def settle_portlet_settings(context) -> int:
    """Create the settings of every portlet assigned on ``context``; their count."""
    count = 0
    for _name, manager in getUtilitiesFor(IPortletManager):
        mapping = queryMultiAdapter((context, manager), IPortletAssignmentMapping)
        for assignment in (mapping or {}).values():
            IPortletAssignmentSettings(assignment)
            count += 1
    return count
