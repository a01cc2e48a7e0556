"""Service (tjeneste): who offers what, and how to reach them."""

from bti.portal import _
from plone.dexterity.content import Item
from plone.schema.email import Email
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class IService(model.Schema):
    offers = schema.Text(
        title=_("label_offers", default="What the service offers"), required=False
    )
    phone = schema.TextLine(title=_("label_phone", default="Phone"), required=False)
    email = Email(title=_("label_email", default="E-mail"), required=False)
    address = schema.TextLine(
        title=_("label_address", default="Address"), required=False
    )
    opening_hours = schema.TextLine(
        title=_("label_opening_hours", default="Opening hours"), required=False
    )
    levels = schema.List(
        title=_("label_levels", default="Levels"),
        value_type=schema.Choice(vocabulary="bti.portal.Levels"),
        required=False,
        default=[],
    )


@implementer(IService)
class Service(Item):
    """A service in the services directory."""
