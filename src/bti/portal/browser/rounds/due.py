"""The leader's units on their pages: control rounds (due ones marked) and
staff lists."""

from bti.portal.relaylog.rounds import due
from plone.app.layout.viewlets import ViewletBase


class RoundsDueViewlet(ViewletBase):
    def update(self):
        super().update()
        self.units = due.my_units()
        self.due = [unit for unit in self.units if unit["due"]]

    def render(self):
        return self.index() if self.units else ""
