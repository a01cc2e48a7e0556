"""Tool (verktøy): a conversation guide or mapping tool, as text and/or a file."""

from bti.portal import _
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant


class IAgeRange(model.Schema):
    age_from = schema.Int(
        title=_("label_age_from", default="From age"), min=0, max=25, required=False
    )
    age_to = schema.Int(
        title=_("label_age_to", default="To age"), min=0, max=25, required=False
    )

    @invariant
    def ages_in_order(data):
        if (
            data.age_from is not None
            and data.age_to is not None
            and data.age_from > data.age_to
        ):
            raise Invalid(
                _(
                    "error_age_range",
                    default="'From age' must not be above 'To age'.",
                )
            )


class ITool(IAgeRange):
    file = NamedBlobFile(
        title=_("label_file", default="File"),
        description=_(
            "help_tool_file", default="The tool as a document, if it has one."
        ),
        required=False,
    )
    levels = schema.List(
        title=_("label_levels", default="Levels"),
        value_type=schema.Choice(vocabulary="bti.portal.Levels"),
        required=False,
        default=[],
    )
    target_groups = schema.List(
        title=_("label_target_groups", default="Target group"),
        value_type=schema.Choice(vocabulary="bti.portal.TargetGroups"),
        required=False,
        default=[],
    )


@implementer(ITool)
class Tool(Item):
    """A tool staff use in the steps of the guide."""
