"""++add++RelayLog ("Start a log"): the user's own unit chosen, as when noting a
concern; the log's add and edit forms without Plone's versioning fields."""

from bti.portal.browser.widgets.no_versioning import WithoutVersioningFields
from bti.portal.browser.widgets.own_unit import OwnUnitChosen
from plone.dexterity.browser import add
from plone.dexterity.browser import edit
from plone.dexterity.interfaces import IDexterityEditForm
from plone.z3cform import layout
from zope.interface import classImplements


class RelayLogAddForm(OwnUnitChosen, WithoutVersioningFields, add.DefaultAddForm):
    portal_type = "RelayLog"


class RelayLogAddView(add.DefaultAddView):
    form = RelayLogAddForm


class RelayLogEditForm(WithoutVersioningFields, edit.DefaultEditForm):
    """The log's details, without Plone's versioning settings."""


RelayLogEditView = layout.wrap_form(RelayLogEditForm)
classImplements(RelayLogEditView, IDexterityEditForm)
