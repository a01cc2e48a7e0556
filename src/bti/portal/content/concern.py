"""Concern (level 0, "undring"): what an employee noticed, and what was decided.

Seen only by the employee who noted it and the unit's leaders (bti_concern_workflow).
The title is the child's initials; no name or national id is asked for here.
"""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from bti.portal import _
from bti.portal.domain import deadlines
from bti.portal.settings import get_settings
from bti.portal.validators import initials_constraint
from bti.portal.validators import text_limit
from datetime import date
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant


DECISIONS_NEEDING_REASON = ("child_welfare", "close")


class IConcern(model.Schema):
    title = schema.TextLine(
        title=_("label_initials", default="Child's initials"),
        description=_(
            "help_initials",
            default="Initials only, for example K.L. Never the full name.",
        ),
        constraint=initials_constraint,
        required=True,
    )
    unit = schema.Choice(
        title=_("label_unit", default="Unit"),
        vocabulary="bti.portal.Units",
        required=True,
    )
    noticed = schema.Date(
        title=_("label_noticed", default="Noticed on"),
        defaultFactory=date.today,
        required=True,
    )
    what_noticed = schema.Text(
        title=_("label_what_noticed", default="What did you notice?"),
        required=True,
        constraint=text_limit,
    )
    observations = schema.Text(
        title=_("label_observations", default="Observations"),
        required=False,
        constraint=text_limit,
    )
    talk_with_child = schema.Text(
        title=_("label_talk_with_child", default="Conversation with the child"),
        required=False,
        constraint=text_limit,
    )
    talk_with_parents = schema.Text(
        title=_("label_talk_with_parents", default="Conversation with the parents"),
        required=False,
        constraint=text_limit,
    )
    model.fieldset(
        "decision",
        label=_("fieldset_decision", default="Decision"),
        fields=["decision", "decision_reason"],
    )
    # Recorded only through the decision form or @decision
    # (bti.portal.relaylog.concerns.decisions).
    directives.write_permission(
        decision="cmf.ManagePortal", decision_reason="cmf.ManagePortal"
    )
    decision = schema.Choice(
        title=_("label_decision", default="Decision"),
        vocabulary="bti.portal.ConcernDecisions",
        required=False,
    )
    decision_reason = schema.Text(
        title=_("label_decision_reason", default="Reason for the decision"),
        description=_(
            "help_decision_reason",
            default="Required when the concern is closed or reported to the child "
            "welfare service.",
        ),
        required=False,
        constraint=text_limit,
    )

    @invariant
    def reason_when_needed(data):
        if (
            data.decision in DECISIONS_NEEDING_REASON
            and not (data.decision_reason or "").strip()
        ):
            raise Invalid(
                _(
                    "error_decision_reason",
                    default="Write the reason for this decision.",
                )
            )


@implementer(IConcern)
class Concern(Item):
    """A level-0 concern about a child."""

    security = ClassSecurityInfo()
    decided_on = None
    relay_log_uid = None  # set when the decision started a log

    @property
    def deadline(self) -> date | None:
        """Noticed + the site's level-0 days; after "keep watching", counted anew."""
        start = (
            self.decided_on
            if self.decision == "watch" and self.decided_on
            else self.noticed
        )
        if not start:
            return None
        return deadlines.concern_deadline(start, get_settings().level0_deadline_days)

    def is_overdue(self, day: date | None = None) -> bool:
        deadline = self.deadline
        done = bool(self.decided_on) and self.decision != "watch"
        return bool(deadline) and deadlines.is_overdue(
            deadline, day or date.today(), done=done
        )

    # The workflow guard runs as the user deciding, who may View the concern.
    @security.protected("View")
    def decision_problems(self) -> list[str]:
        """Reason codes why the decision cannot be recorded yet ([] when it can)."""
        if not self.decision:
            return ["decision_missing"]
        if (
            self.decision in DECISIONS_NEEDING_REASON
            and not (self.decision_reason or "").strip()
        ):
            return ["decision_reason_missing"]
        if self.decision == "start_log" and not self.relay_log_uid:
            return ["log_not_started"]
        return []


InitializeClass(Concern)
