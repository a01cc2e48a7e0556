"""RelayLog (Stafettlogg): one child's log of goals, activities, meetings and consents.

The title is the child's initials. Full name and national id number live only in
fields of the object: never in the title, the id, the catalog or a log line.
Access comes only from local roles (bti_relaylog_workflow, made from
bti.portal.domain.permissions).
"""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from bti.portal import _
from bti.portal.content.ids import RandomIdContainer
from bti.portal.domain.permissions import OVERVIEW
from bti.portal.validators import initials_constraint
from bti.portal.validators import line_limit
from bti.portal.validators import national_id_constraint
from bti.portal.validators import text_limit
from plone.autoform import directives
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.interface import Interface


EDIT_DETAILS = "bti.portal.EditLogDetails"


class ITransitionGuard(Interface):
    """The workflow guard of a log (an adapter of the log, bti.portal.relaylog)."""

    def problems(transition_id):
        """Reason codes why the transition may not happen today."""


class IRelayLog(model.Schema):
    title = schema.TextLine(
        title=_("label_initials", default="Child's initials"),
        description=_(
            "help_initials",
            default="Initials only, for example K.L. Never the full name.",
        ),
        constraint=initials_constraint,
        required=True,
    )
    full_name = schema.TextLine(
        title=_("label_full_name", default="Child's full name"),
        required=True,
        constraint=line_limit,
    )
    national_id = schema.TextLine(
        title=_("label_national_id", default="National identity number"),
        description=_(
            "help_national_id",
            default="11 digits (fødselsnummer or D-number). Shown masked; never in "
            "lists.",
        ),
        constraint=national_id_constraint,
        required=True,
    )
    unit = schema.Choice(
        title=_("label_unit", default="Unit"),
        description=_("help_log_unit", default="The unit of the relay holder."),
        vocabulary="bti.portal.Units",
        required=True,
    )
    guardians = schema.List(
        title=_("label_guardians", default="Guardians with parental responsibility"),
        description=_(
            "help_guardians",
            default="One per line: the guardian's user id when they have one, else "
            "their name.",
        ),
        value_type=schema.TextLine(constraint=line_limit),
        required=False,
        default=[],
    )
    initiative_by = schema.TextLine(
        title=_("label_initiative_by", default="Who took the initiative"),
        required=False,
        constraint=line_limit,
    )
    initiative_reason = schema.Text(
        title=_("label_initiative_reason", default="Why the log was started"),
        required=False,
        constraint=text_limit,
    )
    model.fieldset(
        "me",
        label=_("fieldset_me", default="Me as a child or pupil"),
        fields=["strengths", "challenges"],
    )
    strengths = schema.Text(
        title=_("label_strengths", default="What I am good at"),
        required=False,
        constraint=text_limit,
    )
    challenges = schema.Text(
        title=_("label_challenges", default="What is hard for me"),
        required=False,
        constraint=text_limit,
    )
    model.fieldset(
        "closing",
        label=_("fieldset_closing", default="Closing"),
        fields=["close_reason"],
    )
    close_reason = schema.Choice(
        title=_("label_close_reason", default="Why the log is closed"),
        vocabulary="bti.portal.CloseReasons",
        required=False,
    )
    directives.write_permission(
        full_name=EDIT_DETAILS,
        national_id=EDIT_DETAILS,
        unit=EDIT_DETAILS,
        guardians=EDIT_DETAILS,
    )


@implementer(IRelayLog)
class RelayLog(RandomIdContainer):
    """A child's Stafettlogg."""

    security = ClassSecurityInfo()
    # Catalog indexes that follow local roles and workflow permissions.
    _cmf_security_indexes = (
        "allowedRolesAndUsers",
        "bti_overview_roles",
        "bti_people_roles",
    )

    # The workflow guard runs as the user firing the transition, who holds the
    # overview wherever they may fire one; nobody else gets the reason codes.
    @security.protected(OVERVIEW)
    def transition_problems(self, transition_id: str) -> list[str]:
        """Reason codes why a transition may not happen today (the workflow guard)."""
        return ITransitionGuard(self).problems(transition_id)


InitializeClass(RelayLog)
