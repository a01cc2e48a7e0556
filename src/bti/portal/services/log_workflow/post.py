"""POST /<log>/@workflow/<transition>: plone.restapi's, with the log's reasons.

A transition the log's facts do not allow (no consent, a service not covered...)
answers 400 with {"error": {"type": "WorkflowException", "message": ...,
"reasons": [{"code", "message"}]}}. ``close`` takes {"close_reason": ...}.
"""

import transaction
from plone import api
from plone.restapi.services.workflow.transition import WorkflowTransition

from bti.portal import _
from bti.portal.domain import levels
from bti.portal.relaylog.workflow import transitions
from bti.portal.services import body
from bti.portal.validators import TEXT_MAX
from bti.portal.vocabularies.logs import CLOSE_REASONS


class LogWorkflowPost(WorkflowTransition):
    def reply(self):
        transition_id = self.transition
        if transition_id not in levels.TRANSITIONS:
            return super().reply()
        log = self.context
        data = body.json_object(self.request)
        if len(body.text(data, "comment")) > TEXT_MAX:
            raise body.BodyError("body_text_too_long", "comment")
        if not transitions.may_fire(log, transition_id):
            self.request.response.setStatus(403)
            return {
                "error": {
                    "type": "Forbidden",
                    "message": api.portal.translate(
                        _(
                            "transition_not_yours",
                            default="You may not make this change on the log.",
                        )
                    ),
                }
            }
        if transition_id == "close":
            reason = body.text(data, "close_reason", default=None)
            if reason is not None:
                if reason not in CLOSE_REASONS:
                    return self.refuse(transition_id, ["close_reason_unknown"])
                log.close_reason = reason
        offered = {t["id"] for t in self.wftool.getTransitionsFor(log)}
        if transition_id not in offered:
            codes = transitions.problems(log, transition_id) or (
                ["close_reason_missing"]
                if transition_id == "close"
                else ["wrong_state"]
            )
            return self.refuse(transition_id, codes)
        return super().reply()

    def refuse(self, transition_id: str, codes) -> dict:
        reasons = transitions.reasons(codes)
        transaction.doom()  # nothing of the request is kept (a close reason sent along)
        self.request.response.setStatus(400)
        return {
            "error": {
                "type": "WorkflowException",
                "message": api.portal.translate(
                    _(
                        "transition_refused",
                        default="${transition}: not possible. ${reasons}",
                        mapping={
                            "transition": transitions.transition_title(transition_id),
                            "reasons": " ".join(
                                reason["message"] for reason in reasons
                            ),
                        },
                    )
                ),
                "reasons": reasons,
            }
        }
