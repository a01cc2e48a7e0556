"""Guide: the site's action guide; holds the levels."""

from plone.dexterity.content import Container
from plone.supermodel import model
from zope.interface import implementer


class IGuide(model.Schema):
    """The handlingsveileder. Title, description and text come from behaviors."""


@implementer(IGuide)
class Guide(Container):
    """The action guide of one site."""
