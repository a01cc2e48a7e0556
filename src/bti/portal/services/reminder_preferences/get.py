"""GET <site>/@reminder-preferences: which reminders the current user gets.

{"@id": ..., "preferences": {"activities": true, ...},
 "kinds": [{"id": "activities", "title": ..., "description": ..., "on": true}, ...]}

"kinds" lists only the kinds that can reach the user, as the form does
(bti.portal.reminders.audience); "preferences" has every kind.
"""

from bti.portal.reminders import preferences
from bti.portal.reminders.audience import kinds_for
from plone import api
from plone.restapi.services import Service
from zope.i18n import translate


def representation(context, request) -> dict:
    user = api.user.get_current()
    current = preferences.get_preferences(user.getId())
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
            for kind in kinds_for(user)
        ],
    }


class ReminderPreferencesGet(Service):
    def reply(self):
        return representation(self.context, self.request)
