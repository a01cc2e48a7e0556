"""++add++RelayLog ("Start a log"): the user's own unit chosen, as when noting a
concern."""

from bti.portal.browser.widgets.own_unit import OwnUnitChosen
from plone.dexterity.browser import add


class RelayLogAddForm(OwnUnitChosen, add.DefaultAddForm):
    portal_type = "RelayLog"


class RelayLogAddView(add.DefaultAddView):
    form = RelayLogAddForm
