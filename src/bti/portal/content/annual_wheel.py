"""AnnualWheel (årshjul) and its AnnualTasks."""

from bti.portal import _
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant


class IAnnualWheel(model.Schema):
    """The year's recurring BTI tasks."""


@implementer(IAnnualWheel)
class AnnualWheel(Container):
    """Holds the tasks of the annual wheel."""


class IAnnualTask(model.Schema):
    month_from = schema.Choice(
        title=_("label_month_from", default="From month"),
        vocabulary="bti.portal.Months",
        required=True,
    )
    month_to = schema.Choice(
        title=_("label_month_to", default="To month"),
        vocabulary="bti.portal.Months",
        required=True,
    )
    owner_role = schema.TextLine(
        title=_("label_owner_role", default="Who is responsible"), required=False
    )
    audience = schema.TextLine(
        title=_("label_audience", default="For whom"), required=False
    )

    @invariant
    def months_in_order(data):
        if data.month_from and data.month_to and data.month_from > data.month_to:
            raise Invalid(
                _(
                    "error_month_range",
                    default="'From month' must not be after 'To month'.",
                )
            )


@implementer(IAnnualTask)
class AnnualTask(Item):
    """A recurring task in a period of the year."""
