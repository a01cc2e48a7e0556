"""Catalog metadata of a guide step for the guide inside a log (``reading``).

- ``bti_log_action``: the log action the step names (a token of ``actions``).
- ``bti_step_links``: the UIDs of the step's tools and forms, in field order.
Guide content only: nothing of a log is indexed here.
"""

from bti.portal.content.guide_step import IGuideStep
from plone.indexer import indexer
from plone.uuid.interfaces import IUUID


LINK_FIELDS = ("tools", "forms")


@indexer(IGuideStep)
def step_log_action(obj):
    if not getattr(obj, "log_action", None):
        raise AttributeError("bti_log_action")
    return obj.log_action


@indexer(IGuideStep)
def step_links(obj):
    found = []
    for field in LINK_FIELDS:
        for relation in getattr(obj, field, None) or ():
            uid = IUUID(getattr(relation, "to_object", None), None)
            if uid and uid not in found:
                found.append(uid)
    return tuple(found)
