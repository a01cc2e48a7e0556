"""Goal, Activity and Evaluation: the plan inside a Stafettlogg."""

from bti.portal import _
from bti.portal.content.ids import RandomIdContainer
from bti.portal.validators import line_limit
from bti.portal.validators import text_limit
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class IGoal(model.Schema):
    area = schema.Choice(
        title=_("label_goal_area", default="Area"),
        vocabulary="bti.portal.GoalAreas",
        required=True,
    )
    title = schema.TextLine(
        title=_("label_goal", default="The goal, in plain words"),
        required=True,
        constraint=line_limit,
    )
    criteria = schema.Text(
        title=_("label_goal_criteria", default="How we will know the goal is reached"),
        required=False,
        constraint=text_limit,
    )


@implementer(IGoal)
class Goal(RandomIdContainer):
    """A goal of the log; holds its activities."""


class IActivity(model.Schema):
    title = schema.TextLine(
        title=_("label_activity", default="What will be done"),
        required=True,
        constraint=line_limit,
    )
    responsible = schema.Choice(
        title=_("label_activity_responsible", default="Responsible"),
        description=_(
            "help_activity_responsible",
            default="A participant or a family member with access to the log.",
        ),
        vocabulary="bti.portal.LogPeople",
        required=True,
    )
    deadline = schema.Date(
        title=_("label_deadline", default="Deadline"),
        required=False,
    )
    status = schema.Choice(
        title=_("label_activity_status", default="Status"),
        vocabulary="bti.portal.ActivityStatuses",
        default="planned",
        required=True,
    )


@implementer(IActivity)
class Activity(RandomIdContainer):
    """An activity towards a goal; holds its evaluations."""


class IEvaluation(model.Schema):
    worked = schema.Text(
        title=_("label_evaluation_worked", default="What worked"),
        required=False,
        constraint=text_limit,
    )
    did_not_work = schema.Text(
        title=_("label_evaluation_did_not_work", default="What did not work"),
        required=False,
        constraint=text_limit,
    )
    why = schema.Text(
        title=_("label_evaluation_why", default="Why"),
        required=False,
        constraint=text_limit,
    )


@implementer(IEvaluation)
class Evaluation(Item):
    """An evaluation of an activity: who and when are its creator and creation date."""
