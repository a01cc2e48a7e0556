"""LogMessage: an invitation, minutes or a message inside a Stafettlogg."""

from bti.portal import _
from bti.portal.validators import line_limit
from bti.portal.validators import text_limit
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class ILogMessage(model.Schema):
    # Families write plain messages: invitations and minutes are staff's.
    directives.write_permission(
        kind="bti.portal.AddLogContent", meeting_uid="bti.portal.AddLogContent"
    )
    kind = schema.Choice(
        title=_("label_message_kind", default="Kind"),
        vocabulary="bti.portal.MessageKinds",
        default="message",
        required=True,
    )
    text = schema.Text(
        title=_("label_message_text", default="Message"),
        required=True,
        constraint=text_limit,
    )
    meeting_uid = schema.TextLine(
        title=_("label_message_meeting", default="Meeting (for minutes)"),
        required=False,
        constraint=line_limit,
    )


@implementer(ILogMessage)
class LogMessage(Item):
    """Posted once; there is no edit form for messages."""
