"""POST /<log>/@handover {"action": "offer"|"withdraw"|"accept"|"decline",
"to": user id (offer), "keep_previous": bool (offer, default true)}."""

from bti.portal import _
from bti.portal.relaylog.handover import actions as handover_actions
from bti.portal.services import body
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zExceptions import BadRequest
from zope.interface import alsoProvides


class HandoverPost(Service):
    def reply(self):
        # Token-less REST clients authenticate per request, as in plone.restapi.
        alsoProvides(self.request, IDisableCSRFProtection)
        data = body.json_object(self.request)
        action = data.get("action") or ""
        if not isinstance(action, str):
            raise BadRequest(handover_actions.error_text("handover_action_unknown"))
        to = data.get("to") or ""
        keep_previous = data.get("keep_previous", True)
        if not isinstance(keep_previous, bool) or not isinstance(to, str):
            raise BadRequest(
                api.portal.translate(
                    _(
                        "handover_bad_request",
                        default='Send "to" as a user id and "keep_previous" '
                        "as true or false.",
                    )
                )
            )
        result = handover_actions.perform(
            self.context,
            action,
            to=to,
            keep_previous=keep_previous,
        )
        answer = {
            "@id": f"{self.context.absolute_url()}/@handover",
            "action": action,
            "message": api.portal.translate(
                handover_actions.success_message(action, self.context, to)
            ),
        }
        if action == "accept":
            answer["previous_holders"] = result["previous"]
        if handover_actions.may_hand_over(self.context):
            answer.update(handover_actions.summary(self.context))
        return answer
