"""The concern's add and edit forms, without the decision fields.

A decision is recorded only through the decision form on the concern (or the
@decision endpoint): that is where a log is started and the concern closed.
"""

from bti.portal import _
from bti.portal.browser.widgets.no_versioning import omit_fields
from bti.portal.browser.widgets.no_versioning import WithoutVersioningFields
from bti.portal.browser.widgets.own_unit import OwnUnitChosen
from plone.dexterity.browser import add
from plone.dexterity.browser import edit
from plone.z3cform import layout


DECISION_FIELDS = ("decision", "decision_reason")


class WithoutDecisionFields:
    def updateFields(self):
        super().updateFields()
        omit_fields(self, DECISION_FIELDS)


class ConcernAddForm(
    OwnUnitChosen, WithoutDecisionFields, WithoutVersioningFields, add.DefaultAddForm
):
    """Noting a concern: the user's own unit chosen; afterwards the concern's
    page (its deadline and next steps) with a message in plain words."""

    portal_type = "Concern"
    label = _("add_concern", default="Note a concern")
    success_message = _(
        "saved_concern",
        default="The concern is noted. Its page shows the deadline and what comes "
        "next.",
    )


class ConcernAddView(add.DefaultAddView):
    form = ConcernAddForm


class ConcernEditForm(
    WithoutDecisionFields, WithoutVersioningFields, edit.DefaultEditForm
):
    pass


ConcernEditView = layout.wrap_form(ConcernEditForm)
