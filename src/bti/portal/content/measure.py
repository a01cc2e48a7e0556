"""Measure (tiltak) in the measures overview."""

from bti.portal import _
from bti.portal.content.tool import IAgeRange
from plone.dexterity.content import Item
from z3c.relationfield.schema import RelationChoice
from zope import schema
from zope.interface import implementer


class IMeasure(IAgeRange):
    target_group = schema.Choice(
        title=_("label_target_group", default="Target group"),
        vocabulary="bti.portal.TargetGroups",
        required=False,
    )
    risk_factor = schema.Choice(
        title=_("label_risk_factor", default="Risk factor it addresses"),
        vocabulary="bti.portal.RiskFactors",
        required=True,
    )
    service = RelationChoice(
        title=_("label_service_responsible", default="Service responsible"),
        vocabulary="plone.app.vocabularies.Catalog",
        required=False,
    )
    intensity = schema.Choice(
        title=_("label_intensity", default="Intensity"),
        vocabulary="bti.portal.Intensities",
        required=False,
    )


@implementer(IMeasure)
class Measure(Item):
    """A measure offered in the municipality."""
