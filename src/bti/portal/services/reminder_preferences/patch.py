"""PATCH <site>/@reminder-preferences {"meetings": false, ...}: switch kinds on or off.

Only the kinds sent change. Answers 200 with the new preferences (as GET), or
400 with a message for an unknown kind or a value that is not true or false.
"""

from bti.portal.relaylog.errors import error_body
from bti.portal.reminders import preferences
from bti.portal.services import body
from bti.portal.services.reminder_preferences.get import representation
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides


class ReminderPreferencesPatch(Service):
    def reply(self):
        # Token-less REST clients authenticate per request, as in plone.restapi.
        alsoProvides(self.request, IDisableCSRFProtection)
        data = body.json_object(self.request)
        try:
            preferences.set_preferences(api.user.get_current().getId(), data)
        except preferences.PreferencesError as error:
            self.request.response.setStatus(400)
            return error_body(
                400,
                translate(preferences.message(error), context=self.request),
                error.code,
            )
        return representation(self.context, self.request)
