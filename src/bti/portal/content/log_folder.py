"""LogFolder: the site's one container of units, concerns and logs."""

from bti.portal.content.ids import RandomIdContainer
from plone.supermodel import model
from zope.interface import implementer


class ILogFolder(model.Schema):
    """Marker schema: the folder has a title and nothing else."""


@implementer(ILogFolder)
class LogFolder(RandomIdContainer):
    """Created by the profile at /logs; not addable elsewhere."""
