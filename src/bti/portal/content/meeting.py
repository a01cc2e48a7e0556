"""Meeting: a meeting about the child, with its invited participants and agenda."""

from bti.portal import _
from bti.portal.validators import line_limit
from bti.portal.validators import text_limit
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant


class IMeeting(model.Schema):
    start = schema.Datetime(
        title=_("label_meeting_start", default="Starts"),
        required=True,
    )
    end = schema.Datetime(
        title=_("label_meeting_end", default="Ends"),
        required=False,
    )
    place = schema.TextLine(
        title=_("label_meeting_place", default="Place or video link"),
        required=True,
        constraint=line_limit,
    )
    invited = schema.List(
        title=_("label_meeting_invited", default="Invited"),
        value_type=schema.Choice(vocabulary="bti.portal.LogPeople"),
        required=False,
        default=[],
    )
    agenda = schema.Text(
        title=_("label_meeting_agenda", default="Agenda"),
        required=False,
        constraint=text_limit,
    )

    @invariant
    def ends_after_start(data):
        if data.start and data.end and data.end <= data.start:
            raise Invalid(
                _("error_meeting_end", default="The meeting must end after it starts.")
            )


@implementer(IMeeting)
class Meeting(Item):
    """A meeting in the log."""
