"""GuideStep: a numbered step of a level, linked to tools, forms and routines."""

from bti.portal import _
from plone.app.textfield import RichText
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope import schema
from zope.interface import implementer


def _relations(title, description) -> RelationList:
    return RelationList(
        title=title,
        description=description,
        value_type=RelationChoice(vocabulary="plone.app.vocabularies.Catalog"),
        required=False,
        default=[],
    )


def _widget(portal_type: str) -> dict:
    """Related-items widget options limited to one type."""
    return {
        "pattern_options": {
            "selectableTypes": [portal_type],
            "basePath": "",
            "recentlyUsed": True,
        }
    }


class IGuideStep(model.Schema):
    number = schema.Int(
        title=_("label_step_number", default="Step number"),
        min=1,
        max=99,
        required=True,
    )
    what_to_do = RichText(
        title=_("label_what_to_do", default="What to do"),
        required=False,
    )
    responsible = schema.TextLine(
        title=_("label_responsible", default="Who is responsible"),
        required=False,
    )
    deadline_hint = schema.TextLine(
        title=_("label_deadline_hint", default="Deadline"),
        description=_(
            "help_deadline_hint",
            default="For example 'within 4 weeks'. Empty on level 0: the site's "
            "level-0 deadline is shown.",
        ),
        required=False,
    )
    log_action = schema.Choice(
        title=_("label_log_action", default="Action in the log"),
        description=_(
            "help_log_action",
            default="The log's action this step is about. A log's page then offers "
            "it as a button in this step, to those who may do it there and then.",
        ),
        vocabulary="bti.portal.LogActions",
        required=False,
    )

    tools = _relations(
        _("label_tools", default="Tools"),
        _("help_tools", default="Tools used in this step."),
    )
    directives.widget("tools", RelatedItemsFieldWidget, **_widget("Tool"))

    forms = _relations(
        _("label_forms", default="Forms"),
        _("help_forms", default="Forms filled in during this step."),
    )
    directives.widget("forms", RelatedItemsFieldWidget, **_widget("EasyForm"))

    routines = _relations(
        _("label_routines", default="Routines"),
        _("help_routines", default="Routines that govern this step."),
    )
    directives.widget("routines", RelatedItemsFieldWidget, **_widget("Routine"))


@implementer(IGuideStep)
class GuideStep(Item):
    """A step in a level of the guide."""
