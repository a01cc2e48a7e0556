"""POST /<concern>/@decision {"decision": "...", "reason": "..."}.

Answers the concern's state and decision; for ``start_log`` also the new log's
@id (the holder then PATCHes the child's full name and national id onto it).
Bad input: 400 with {"error": {"type": "BadRequest", "code": ..., "message": ...}}
(bti.portal.relaylog.errors).
"""

from bti.portal.relaylog import errors
from bti.portal.relaylog.concerns import decisions
from bti.portal.services import body
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class DecisionPost(Service):
    def reply(self):
        # Token-less REST clients authenticate per request, as in plone.restapi.
        alsoProvides(self.request, IDisableCSRFProtection)
        data = body.json_object(self.request)
        decision = data.get("decision")
        reason = data.get("reason") or ""
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
        return errors.reply(self.request, decisions.DecisionError(code))
