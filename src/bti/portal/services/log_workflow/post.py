"""POST /<log>/@workflow/<transition>: plone.restapi's, with the log's reasons.

A level change is the same action as on the log's pages
(bti.portal.relaylog.workflow.actions.change): ``close`` takes
{"close_reason": ...} and, without a "comment", records the reason's title.
A transition the log's facts do not allow (no consent, a service not covered...)
answers 400 with {"error": {"type": "WorkflowException", "message": ...,
"reasons": [{"code", "message"}]}}.
"""

from bti.portal import _
from bti.portal.domain import levels
from bti.portal.relaylog.workflow import actions
from bti.portal.relaylog.workflow import transitions
from bti.portal.services import body
from bti.portal.validators import TEXT_MAX
from plone import api
from plone.restapi.services.workflow.transition import WorkflowTransition

import transaction


class LogWorkflowPost(WorkflowTransition):
    def reply(self):
        transition_id = self.transition
        if transition_id not in levels.TRANSITIONS:
            return super().reply()
        log = self.context
        data = body.json_object(self.request)
        if len(body.text(data, "comment")) > TEXT_MAX:
            raise body.BodyError("body_text_too_long", "comment")
        self.close_reason = body.text(data, "close_reason", default=None)
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
        try:
            return super().reply()
        except actions.Refused as error:
            codes = error.codes or (
                ["close_reason_missing"]
                if transition_id == actions.CLOSE
                else ["wrong_state"]
            )
            return self.refuse(transition_id, codes)

    def recurse_transition(
        self, objs, comment, publication_dates, include_children=False
    ):
        """The log's level change: the one action of the pages and REST."""
        if self.transition not in levels.TRANSITIONS or objs != [self.context]:
            return super().recurse_transition(
                objs, comment, publication_dates, include_children
            )
        actions.change(
            self.context, self.transition, comment, close_reason=self.close_reason
        )

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
