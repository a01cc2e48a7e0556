"""Unit (enhet): a kindergarten, school, health station or other service unit."""

from bti.portal import _
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


def _people(title, description):
    return schema.List(
        title=title,
        description=description,
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )


class IUnit(model.Schema):
    service = schema.Choice(
        title=_("label_unit_service", default="Service"),
        description=_(
            "help_unit_service",
            default="Which service the unit belongs to. Consent for cooperation names "
            "services.",
        ),
        vocabulary="bti.portal.ServiceKinds",
        required=True,
    )
    leaders = _people(
        _("label_unit_leaders", default="Unit leaders"),
        _(
            "help_unit_leaders",
            default="User ids, one per line. Leaders oversee the unit's logs.",
        ),
    )
    resource_persons = _people(
        _("label_resource_persons", default="Resource persons"),
        _("help_resource_persons", default="User ids, one per line."),
    )
    staff = _people(
        _("label_unit_staff", default="Staff"),
        _(
            "help_unit_staff",
            default="User ids, one per line: people who may hold a log or take part in "
            "one.",
        ),
    )


@implementer(IUnit)
class Unit(Item):
    """A unit of a service."""

    def people(self) -> set[str]:
        return (
            set(self.leaders or ())
            | set(self.resource_persons or ())
            | set(self.staff or ())
        )
