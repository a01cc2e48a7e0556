"""GET <site>/@reminder-preferences: which reminders the current user gets.

{"@id": ..., "preferences": {"activities": true, ...},
 "kinds": [{"id": "activities", "title": ..., "description": ..., "on": true}, ...]}
"""

from bti.portal.reminders import preferences
from plone import api
from plone.restapi.services import Service
from zope.i18n import translate


def representation(context, request) -> dict:
    current = preferences.get_preferences(api.user.get_current().getId())
    return {
        "@id": f"{context.absolute_url()}/@reminder-preferences",
        "preferences": current,
        "kinds": [
            {
                "id": kind,
                "title": translate(preferences.LABELS[kind][0], context=request),
                "description": translate(preferences.LABELS[kind][1], context=request),
                "on": current[kind],
            }
            for kind in preferences.KINDS
        ],
    }


class ReminderPreferencesGet(Service):
    def reply(self):
        return representation(self.context, self.request)
