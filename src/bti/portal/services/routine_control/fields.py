"""REST writes of a routine: the fields the workflow sets are refused.

Version, approver, approval date and author come from the approval (see
bti.portal.routines.cycle); a POST or PATCH that carries one of them is a 400
with a message in the user's language, not a silent skip.
"""

from bti.portal import _
from bti.portal.content.routine import IRoutine
from bti.portal.content.routine import IWorkflowField
from bti.portal.interfaces import IBTIPortalLayer
from plone import api
from plone.restapi.interfaces import IFieldDeserializer
from zope.component import adapter
from zope.interface import implementer


@implementer(IFieldDeserializer)
@adapter(IWorkflowField, IRoutine, IBTIPortalLayer)
class WorkflowFieldRefused:
    def __init__(self, field, context, request):
        self.field = field

    def __call__(self, value):
        raise ValueError(
            api.portal.translate(
                _(
                    "error_routine_workflow_field",
                    default='"${field}" is set by the workflow when the routine '
                    "is approved; it cannot be written.",
                    mapping={"field": self.field.__name__},
                )
            )
        )
