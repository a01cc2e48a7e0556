"""GuideLevel: one level (0-3, or 4 for the individual plan) of the guide."""

from bti.portal import _
from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class IGuideLevel(model.Schema):
    level = schema.Choice(
        title=_("label_level", default="Level"),
        vocabulary="bti.portal.Levels",
        required=True,
    )
    purpose = schema.Text(
        title=_("label_purpose", default="Purpose"),
        description=_(
            "help_purpose", default="What this level is for, in two or three sentences."
        ),
        required=False,
    )
    participants = schema.Text(
        title=_("label_participants", default="Who takes part"),
        required=False,
    )


@implementer(IGuideLevel)
class GuideLevel(Container):
    """A level of the guide; its steps are its children, in order."""
