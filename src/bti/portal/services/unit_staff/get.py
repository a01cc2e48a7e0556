"""GET <unit>/@unit-staff: the staff list with names and absences."""

from bti.portal.relaylog.rounds import actions
from plone.restapi.services import Service


class UnitStaffGet(Service):
    def reply(self):
        actions.check_may_keep_staff(self.context)
        return actions.staff_summary(self.context)
