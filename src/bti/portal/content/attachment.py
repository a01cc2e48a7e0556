"""Attachment: a file or picture kept inside a Stafettlogg (follows the log's state)."""

from bti.portal import _
from bti.portal.validators import line_limit
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.namedfile.field import NamedBlobImage
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant


class IAttachment(model.Schema):
    title = schema.TextLine(
        title=_("label_attachment_title", default="What is it?"),
        required=True,
        constraint=line_limit,
    )
    file = NamedBlobFile(title=_("label_file", default="File"), required=False)
    image = NamedBlobImage(title=_("label_image", default="Picture"), required=False)

    @invariant
    def file_or_image(data):
        if not data.file and not data.image:
            raise Invalid(
                _("error_attachment_empty", default="Add a file or a picture.")
            )


@implementer(IAttachment)
class Attachment(Item):
    """A file or image in a log."""
