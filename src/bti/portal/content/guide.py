"""Guide: the site's action guide; holds the levels."""

from plone.dexterity.content import Container
from plone.supermodel import model
from zope.interface import implementer


# The action guide's own page types (forms and family pages are not among them).
GUIDE_PAGE_TYPES = (
    "Guide",
    "GuideLevel",
    "GuideStep",
    "Tool",
    "Routine",
    "Service",
    "Measure",
    "AnnualWheel",
    "AnnualTask",
)


class IGuide(model.Schema):
    """The handlingsveileder. Title, description and text come from behaviors."""


@implementer(IGuide)
class Guide(Container):
    """The action guide of one site."""
