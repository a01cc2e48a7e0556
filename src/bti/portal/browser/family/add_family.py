"""@@add-family on a log: the holder adds a guardian or the young person by
national id. The number is hashed at once and never shown again."""

from bti.portal import _
from bti.portal.dates import day_text
from bti.portal.dates import local
from bti.portal.domain import permissions as p
from bti.portal.relaylog.family import members as family
from datetime import datetime
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized


ROLE_LABELS = {
    p.GUARDIAN: _(
        "family_role_guardian", default="Guardian with parental responsibility"
    ),
    p.YOUTH: _("family_role_youth", default="The young person"),
}


class AddFamilyView(BrowserView):
    def __call__(self):
        if not family.may_manage(self.context):
            raise Unauthorized("Only the relay holder adds the family to a log.")
        if self.request.method == "POST":
            # Out of the request before anything can fail: Plone's error log
            # keeps the request's form with an error.
            number = self.request.form.pop("national_id", "")
            CheckAuthenticator(self.request)
            if self.add(number):
                self.request.response.redirect(
                    f"{self.context.absolute_url()}/@@add-family"
                )
                return ""
            self.request.response.setStatus(400)
        return self.index()

    def add(self, number: str) -> bool:
        form = self.request.form
        try:
            entry = family.add_member(
                self.context,
                number,
                form.get("role", ""),
                added_by=api.user.get_current().getId(),
                name=form.get("name", ""),
            )
        except family.FamilyError as error:
            api.portal.show_message(error.message, request=self.request, type="error")
            return False
        if entry["user_ids"]:
            message = _(
                "family_added_linked", default="The person is added and has access now."
            )
        else:
            message = _(
                "family_added_pending",
                default="The person is added. "
                "They get access the first time they log in with BankID.",
            )
        api.portal.show_message(message, request=self.request)
        return True

    def roles(self) -> list[dict]:
        return [{"value": role, "label": label} for role, label in ROLE_LABELS.items()]

    def members(self) -> list[dict]:
        return [
            {
                **entry,
                "role_label": ROLE_LABELS.get(entry["role"], entry["role"]),
                "added_day": added_day(entry.get("added_at")),
            }
            for entry in map(family.public_entry, family.entries(self.context))
        ]


def added_day(value) -> str:
    """The day a member was added (stored as ISO 8601), as the reader writes it."""
    if not value:
        return ""
    try:
        return day_text(local(datetime.fromisoformat(str(value))))
    except ValueError:
        return str(value)[:10]
