"""Forms as JSON: collective.easyform's serializer with the permission it means.

collective.easyform asks plone.api for the permission by its id
("collective.easyform.DownloadSavedInput"); plone.api wants the title, so
for everyone but a Manager the check raised and the form answered 500.
"""

from bti.portal.interfaces import IBTIPortalLayer
from collective.easyform.interfaces import IEasyForm
from collective.easyform.serializer import SerializeToJson
from plone import api
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeToJson as DXContentToJson
from zope.component import adapter
from zope.interface import implementer


DOWNLOAD_SAVED_INPUT = "collective.easyform: Download Saved Input"


@implementer(ISerializeToJson)
@adapter(IEasyForm, IBTIPortalLayer)
class EasyFormSerializer(SerializeToJson):
    def __call__(self, version=None, include_items=True):
        result = DXContentToJson.__call__(self, version, include_items)
        if api.user.has_permission(DOWNLOAD_SAVED_INPUT, obj=self.context):
            self.serializeSavedData(result)
        return result
