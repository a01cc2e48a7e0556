"""Add forms with a unit field: the user's own unit chosen until they choose."""

from bti.portal.relaylog import roles
from plone import api


class OwnUnitChosen:
    """For a z3c.form add form whose "unit" field lists the units."""

    def updateWidgets(self, prefix=None):
        super().updateWidgets(prefix)
        widget = self.widgets.get("unit")
        if widget is None or self.request.form.get(widget.name):
            return
        user = api.user.get_current()
        own = roles.units_of_user(user.getId()) if user else []
        terms = [term.token for term in widget.terms]
        for uid in own:
            if uid in terms:
                widget.value = [uid]
                break
