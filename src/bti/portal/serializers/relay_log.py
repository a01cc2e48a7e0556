"""A log's full name and national id only in the log's own REST answer.

plone.restapi serializes whole objects inside lists too (``fullobjects`` on
@search, @querystring-search and folder listings). The child's full name and
national id must never appear in a list or a search result, so they are left
out unless the request is for this log itself (GET on the log, its @history).
"""

from bti.portal.content.relay_log import IRelayLog
from bti.portal.interfaces import IBTIPortalLayer
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from plone.uuid.interfaces import IUUID
from zope.component import adapter
from zope.interface import implementer


PERSONAL_FIELDS = ("full_name", "national_id")


def published_for(obj, request) -> bool:
    """Whether the request was published on ``obj`` (or a version of it)."""
    context = getattr(request.get("PUBLISHED"), "context", None)
    return context is not None and IUUID(context, None) == IUUID(obj, None)


@implementer(ISerializeToJson)
@adapter(IRelayLog, IBTIPortalLayer)
class RelayLogSerializer(SerializeFolderToJson):
    def __call__(self, *args, **kwargs):
        result = super().__call__(*args, **kwargs)
        if not published_for(self.context, self.request):
            for name in PERSONAL_FIELDS:
                result.pop(name, None)
        return result
