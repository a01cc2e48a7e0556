"""The notice on the leader's pages that a control round is due."""

from bti.portal.relaylog.rounds import due
from plone.app.layout.viewlets import ViewletBase


class RoundsDueViewlet(ViewletBase):
    def update(self):
        super().update()
        self.rounds = due.my_due_rounds()

    def render(self):
        return self.index() if self.rounds else ""
