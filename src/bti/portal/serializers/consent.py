"""A consent in REST says how it was signed (bti.portal.relaylog.consent.provenance):
``signed_how`` ("bankid", "paper" or "") and ``signed_how_text`` in the reader's
language."""

from bti.portal.content.consent import IConsent
from bti.portal.interfaces import IBTIPortalLayer
from bti.portal.relaylog.consent.provenance import how_signed
from bti.portal.relaylog.consent.provenance import provenance_text
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeToJson
from zope.component import adapter
from zope.interface import implementer


@implementer(ISerializeToJson)
@adapter(IConsent, IBTIPortalLayer)
class ConsentSerializer(SerializeToJson):
    def __call__(self, *args, **kwargs):
        result = super().__call__(*args, **kwargs)
        result["signed_how"] = how_signed(self.context)
        result["signed_how_text"] = provenance_text(self.context)
        return result
