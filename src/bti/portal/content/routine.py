"""Routine: a controlled document with number, version and review data."""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from bti.portal import _
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.supermodel import model
from zope import schema
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.interface import Interface


# Set by the workflow and its subscribers (bti.portal.routines), never typed:
# not in the add and edit forms, refused in REST writes.
WORKFLOW_FIELDS = ("version", "changed_by", "approved_by", "approved_date")


class IWorkflowField(Interface):
    """Marks a routine field that only the workflow writes."""


class IRoutineCycle(Interface):
    """The four-eyes cycle of a routine (an adapter, bti.portal.routines)."""

    def allows(transition_id):
        """Whether the current user may fire the transition now."""


class IRoutine(model.Schema):
    directives.omitted(*WORKFLOW_FIELDS)

    document_number = schema.TextLine(
        title=_("label_document_number", default="Document number"),
        required=True,
    )
    version = schema.Int(
        title=_("label_version", default="Version"),
        description=_(
            "help_routine_version", default="Goes up by one at each approval."
        ),
        min=0,
        default=0,
        required=True,
    )
    changed_by = schema.TextLine(
        title=_("label_changed_by", default="Changed by"), required=False
    )
    controllers = schema.List(
        title=_("label_controllers", default="Controlled by"),
        description=_(
            "help_controllers",
            default="User ids of the people who control the document, one per line.",
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )
    approved_by = schema.TextLine(
        title=_("label_approved_by", default="Approved by"), required=False
    )
    approved_date = schema.Date(
        title=_("label_approved_date", default="Approved on"), required=False
    )
    revision_owner = schema.TextLine(
        title=_("label_revision_owner", default="Revision owner"), required=False
    )
    next_revision = schema.Date(
        title=_("label_next_revision", default="Next revision"), required=False
    )
    legal_references = schema.List(
        title=_("label_legal_references", default="Legal references"),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )
    file = NamedBlobFile(
        title=_("label_file", default="File"),
        required=False,
    )


for _name in WORKFLOW_FIELDS:
    alsoProvides(IRoutine[_name], IWorkflowField)


@implementer(IRoutine)
class Routine(Item):
    """A routine of the guide."""

    security = ClassSecurityInfo()

    # For the workflow's guard expressions, evaluated for people who View.
    @security.protected("View")
    def cycle_allows(self, transition_id: str) -> bool:
        """Whether the four-eyes cycle lets the current user fire the
        transition (the routine workflow's guard)."""
        return IRoutineCycle(self).allows(transition_id)


InitializeClass(Routine)
