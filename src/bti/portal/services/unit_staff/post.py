"""POST <unit>/@unit-staff {"user": id}: add a staff login to the list;
with "absent_from" and "absent_to" (YYYY-MM-DD, both null: back at work) the
absence of someone on the list. Answers the list as GET does."""

from bti.portal.relaylog.rounds import actions
from bti.portal.services import body
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class UnitStaffPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        actions.check_may_keep_staff(self.context)
        data = body.json_object(self.request)
        user_id = body.text(data, "user")
        if "absent_from" in data or "absent_to" in data:
            actions.mark_absent(
                self.context, user_id, data.get("absent_from"), data.get("absent_to")
            )
        else:
            actions.add_staff(self.context, user_id)
        return actions.staff_summary(self.context)
