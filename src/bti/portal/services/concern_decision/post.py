"""POST /<concern>/@decision {"decision": "...", "reason": "..."}.

Answers the concern's state and decision; for ``start_log`` also the new log's
@id (the holder then PATCHes the child's full name and national id onto it).
Bad input: 400 with {"error": {"type": "BadRequest", "code": ..., "message": ...}}.
"""

from bti.portal.logs import decisions
from bti.portal.logs.messages import message
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.services import Service
from zope.interface import alsoProvides


# Problems of who the user is, not of what they sent.
FORBIDDEN = ("decide_not_allowed", "start_log_not_allowed")


class DecisionPost(Service):
    def reply(self):
        # Token-less REST clients authenticate per request, as in plone.restapi.
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            body = json_body(self.request)
        except DeserializationError:
            return self._error("body_not_json")
        if not isinstance(body, dict):
            return self._error("body_not_json")
        decision = body.get("decision")
        reason = body.get("reason") or ""
        if not isinstance(decision, str):
            return self._error("decision_unknown")
        if not isinstance(reason, str):
            return self._error("decision_reason_missing")
        try:
            log = decisions.decide(self.context, decision, reason)
        except decisions.DecisionError as error:
            return self._error(error.code)
        concern = self.context
        answer = {
            "@id": f"{concern.absolute_url()}/@decision",
            "concern": concern.absolute_url(),
            "review_state": api.content.get_state(concern),
            "decision": concern.decision,
            "decision_reason": concern.decision_reason or "",
            "decided_on": concern.decided_on.isoformat(),
        }
        if log is not None:
            answer["log"] = {
                "@id": log.absolute_url(),
                "review_state": api.content.get_state(log),
            }
        return answer

    def _error(self, code: str) -> dict:
        self.request.response.setStatus(403 if code in FORBIDDEN else 400)
        return {
            "error": {
                "type": "Forbidden" if code in FORBIDDEN else "BadRequest",
                "code": code,
                "message": api.portal.translate(message(code)),
            }
        }
