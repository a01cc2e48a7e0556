"""DELETE <unit>/@unit-staff {"user": id}: take someone off the staff list."""

from bti.portal.relaylog.rounds import actions
from bti.portal.services import body
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class UnitStaffDelete(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        actions.check_may_keep_staff(self.context)
        data = body.json_object(self.request)
        actions.remove_staff(self.context, body.text(data, "user"))
        return actions.staff_summary(self.context)
