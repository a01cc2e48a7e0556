"""1012 -> 1013: the EasyForm type without plone.allowdiscussion, a behavior of
plone.app.discussion (not installed): no "Error resolving behavior" line at
every form request."""

from plone import api


BEHAVIOR = "plone.allowdiscussion"


def upgrade(context):
    fti = api.portal.get_tool("portal_types").get("EasyForm")
    if fti is not None and BEHAVIOR in fti.behaviors:
        fti.behaviors = tuple(name for name in fti.behaviors if name != BEHAVIOR)
