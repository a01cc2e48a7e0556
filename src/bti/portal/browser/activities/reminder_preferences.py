"""@@reminder-preferences: the logged-in user switches kinds of reminders on or off.

Only the kinds that can reach this person are shown (and saved):
bti.portal.reminders.audience."""

from bti.portal import _
from bti.portal.reminders import preferences
from bti.portal.reminders.audience import kinds_for
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView


class ReminderPreferencesView(BrowserView):
    def __call__(self):
        if self.request.method == "POST" and "form.buttons.save" in self.request.form:
            CheckAuthenticator(self.request)
            self.save()
            self.request.response.redirect(
                f"{self.context.absolute_url()}/@@reminder-preferences"
            )
            return ""
        return self.index()

    def user_id(self) -> str:
        return api.user.get_current().getId()

    def shown(self) -> tuple[str, ...]:
        return kinds_for(api.user.get_current())

    def save(self) -> None:
        chosen = set(self.request.form.get("kinds") or ())
        preferences.set_preferences(
            self.user_id(), {kind: kind in chosen for kind in self.shown()}
        )
        api.portal.show_message(
            _("reminder_preferences_saved", default="Your reminder choices are saved."),
            request=self.request,
        )

    def kinds(self) -> list[dict]:
        current = preferences.get_preferences(self.user_id())
        return [
            {
                "id": kind,
                "title": preferences.LABELS[kind][0],
                "description": preferences.LABELS[kind][1],
                "on": current[kind],
            }
            for kind in self.shown()
        ]
