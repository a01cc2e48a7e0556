"""@@unit-staff: the unit's staff list and absences, kept by its leaders."""

from bti.portal import _
from bti.portal.dates import day_text
from bti.portal.relaylog.rounds import actions
from bti.portal.relaylog.rounds import staff
from datetime import date
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView


class UnitStaffView(BrowserView):
    def __call__(self):
        if self.request.method == "POST":
            self.handle()
        return self.index()

    def handle(self) -> None:
        CheckAuthenticator(self.request)
        form = self.request.form
        user_id = form.get("user_id") or ""
        try:
            if not isinstance(user_id, str):
                raise actions.refuse("staff_unknown_user")
            if "form.buttons.add" in form:
                actions.add_staff(self.context, user_id)
                done = _("staff_added", default="Added to the staff list.")
            elif "form.buttons.remove" in form:
                actions.remove_staff(self.context, user_id)
                done = _("staff_removed", default="Removed from the staff list.")
            elif "form.buttons.absent" in form:
                actions.mark_absent(
                    self.context,
                    user_id,
                    form.get("absent_from") or None,
                    form.get("absent_to") or None,
                )
                done = _("staff_absence_saved", default="The absence is saved.")
            elif "form.buttons.present" in form:
                actions.mark_absent(self.context, user_id, None, None)
                done = _("staff_absence_removed", default="The absence is removed.")
            else:
                return
        except actions.RoundRefused as error:
            api.portal.show_message(
                api.portal.translate(error.message), request=self.request, type="error"
            )
            return
        api.portal.show_message(done, request=self.request)

    def rows(self) -> list[dict]:
        rows = staff.listing(self.context, date.today())
        for row in rows:
            absence = row["absence"]
            row["absence_text"] = (
                f"{day_text(date.fromisoformat(absence['from']))} – "
                f"{day_text(date.fromisoformat(absence['to']))}"
                if absence
                else ""
            )
        return rows

    def candidates(self) -> list[dict]:
        """Staff logins not on the list yet, by name."""
        return staff.candidates(self.context)

    def today(self) -> str:
        return date.today().isoformat()
