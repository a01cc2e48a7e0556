"""POST /<log>/@transfer {"unit": unit UID, "holder": user id on that unit,
"keep_previous": bool (default true)}: the log moves to the unit and is offered
to the new holder, who holds it once they accept (@handover)."""

from bti.portal.relaylog import roles
from bti.portal.relaylog.handover.actions import offer_info
from bti.portal.relaylog.transfer import actions
from bti.portal.services import body
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class TransferPost(Service):
    def reply(self):
        # Token-less REST clients authenticate per request, as in plone.restapi.
        alsoProvides(self.request, IDisableCSRFProtection)
        data = body.json_object(self.request)
        unit, holder = data.get("unit"), data.get("holder")
        keep_previous = data.get("keep_previous", True)
        if not isinstance(unit, str) or not unit:
            raise actions.refuse("transfer_unit_unknown")
        if not isinstance(holder, str) or not isinstance(keep_previous, bool):
            raise actions.refuse("transfer_holder_not_on_unit")
        offer = actions.transfer_log(
            self.context, unit, holder, keep_previous=keep_previous
        )
        moved_to = roles.unit_of(self.context)
        return {
            "@id": f"{self.context.absolute_url()}/@transfer",
            "unit": {"uid": moved_to.UID(), "title": moved_to.Title()},
            "offer": offer_info(offer),
            "message": actions.transfer_message(self.context, holder, offer),
        }
