"""A meeting: when, where, who and the agenda; sending the invitations; minutes."""

from bti.portal import _
from bti.portal.dates import time_text
from bti.portal.relaylog import find_log
from bti.portal.relaylog import mail
from bti.portal.relaylog.meetings import meetings
from bti.portal.relaylog.titles import reader_title
from bti.portal.users import fullname
from datetime import datetime
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


OUTCOME_TITLES = {
    meetings.SENT: _("invitation_sent", default="Sent"),
    meetings.NO_EMAIL: _("invitation_no_email", default="No e-mail address"),
    meetings.NOT_ON_LOG: _("invitation_not_on_log", default="No longer on the log"),
    meetings.FAILED: _("invitation_failed", default="Could not be sent"),
}


def is_link(place: str) -> bool:
    return (place or "").strip().lower().startswith(("https://", "http://"))


class MeetingView(BrowserView):
    template = ViewPageTemplateFile("templates/meeting_view.pt")

    def heading(self) -> str:
        return reader_title(self.context)

    def __call__(self):
        if self.request.method == "POST":
            if "form.buttons.invite" in self.request.form:
                self.invite()
                return self._back()
            if "form.buttons.minutes" in self.request.form:
                message = self.save_minutes()
                if message is not None:
                    return self._back("#bti-meeting-minutes")
        return self.template()

    def _back(self, anchor: str = "") -> str:
        self.request.response.redirect(self.context.absolute_url() + anchor)
        return ""

    # The two forms.

    def invite(self) -> None:
        CheckAuthenticator(self.request)
        try:
            result = meetings.send_invitations(self.context)
        except meetings.MeetingError as error:
            self._show(error.message, "error")
            return
        self._report(result)

    def _report(self, result: dict) -> None:
        sent = result[meetings.SENT]
        if sent:
            self._show(
                _(
                    "msg_invitations_sent",
                    default="The invitation was sent by e-mail to: ${names}.",
                    mapping={"names": self._names(sent)},
                )
            )
        if result[meetings.NO_EMAIL]:
            self._show(
                _(
                    "msg_invitations_no_email",
                    default="No e-mail address for: ${names}. Tell them about the "
                    "meeting another way; they also find it under My meetings.",
                    mapping={"names": self._names(result[meetings.NO_EMAIL])},
                ),
                "warning",
            )
        if result[meetings.NOT_ON_LOG]:
            self._show(
                _(
                    "msg_invitations_not_on_log",
                    default="Not sent to ${names}: they no longer have a role "
                    "on the log.",
                    mapping={"names": self._names(result[meetings.NOT_ON_LOG])},
                ),
                "warning",
            )
        if result[meetings.FAILED]:
            self._show(
                _(
                    "msg_invitations_failed",
                    default="The e-mail could not be sent to: ${names}. "
                    "Try again later.",
                    mapping={"names": self._names(result[meetings.FAILED])},
                ),
                "error",
            )

    def save_minutes(self):
        CheckAuthenticator(self.request)
        text = self.request.form.get("minutes", "")
        text = text if isinstance(text, str) else ""
        try:
            message = meetings.write_minutes(self.context, text)
        except meetings.MeetingError as error:
            self._show(error.message, "error")
            return None
        self._show(_("msg_minutes_saved", default="The minutes are saved in the log."))
        return message

    def _show(self, message, kind: str = "info") -> None:
        api.portal.show_message(message, request=self.request, type=kind)

    @staticmethod
    def _names(user_ids) -> str:
        return ", ".join(fullname(user_id) for user_id in user_ids)

    # What the template shows.

    def log(self):
        return find_log(self.context)

    def when(self) -> dict:
        start, end = meetings.start_of(self.context), meetings.end_of(self.context)
        return {
            "start": time_text(start),
            "end": time_text(end) if self.context.end else "",
            "started": meetings.has_started(self.context),
        }

    def place(self) -> dict:
        place = self.context.place or ""
        return {"text": place, "link": is_link(place)}

    def invited(self) -> list[str]:
        return [fullname(user_id) for user_id in self.context.invited or ()]

    def invitations(self) -> list[dict]:
        """Invitations sent, latest first."""
        return [
            {
                "name": fullname(entry["user"]),
                "at": time_text(datetime.fromisoformat(entry["at"])),
                "by": fullname(entry["by"]),
                "outcome": entry["outcome"],
                "outcome_title": OUTCOME_TITLES.get(entry["outcome"], entry["outcome"]),
            }
            for entry in reversed(meetings.invitations(self.context))
        ]

    def can_organise(self) -> bool:
        return meetings.can_organise(self.context)

    def invite_problem(self):
        """Why the invite button is not offered (None: it is)."""
        found = meetings.invitation_problems(self.context)
        return meetings.MESSAGES[found[0]] if found else None

    def sent_before(self) -> bool:
        return meetings.sequence(self.context) > 0

    def minutes(self) -> list[dict]:
        return [
            {
                "text": item.text,
                "by": fullname(item.Creator()),
                "when": time_text(item.created().asdatetime()),
                "url": item.absolute_url(),
            }
            for item in meetings.minutes_of(self.context)
        ]

    def can_write_minutes(self) -> bool:
        return self.can_organise() and meetings.has_started(self.context)

    def minutes_text(self) -> str:
        text = self.request.form.get("minutes", "")
        return text if isinstance(text, str) else ""


class MeetingICal(BrowserView):
    """GET: the meeting as an .ics file for one's own calendar."""

    def __call__(self):
        calendar = meetings.calendar(
            self.context,
            None,
            None,
            meetings.sequence(self.context),
            mail.site_language(),
        )
        response = self.request.response
        response.setHeader("Content-Type", "text/calendar; charset=utf-8")
        response.setHeader("Content-Disposition", 'attachment; filename="meeting.ics"')
        return calendar.to_ical()
