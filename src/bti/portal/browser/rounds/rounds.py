"""@@control-rounds (the unit's rounds) and @@control-round (one round's checklist).

Both show initials, level and holder of the unit's active logs, never content.
"""

from bti.portal import _
from bti.portal.dates import day_text
from bti.portal.dates import time_text
from bti.portal.domain import rounds as r
from bti.portal.relaylog.rounds import actions
from bti.portal.relaylog.rounds import logs as round_logs
from bti.portal.relaylog.rounds import store
from datetime import date
from datetime import datetime
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zExceptions import NotFound


CHECK_TITLES = {
    "holder_present": _("round_check_holder_present", default="Holder present"),
    "plan_current": _("round_check_plan_current", default="Plan up to date"),
    "consents_valid": _("round_check_consents_valid", default="Consents valid"),
    "next_meeting": _("round_check_next_meeting", default="Next meeting set"),
}
ANSWERS = {"yes": True, "no": False, "": None}
REMOVED = _("round_log_removed", default="(log removed)")
ANSWER_TITLES = (
    ("yes", _("round_answer_yes", default="Yes")),
    ("no", _("round_answer_no", default="No")),
    ("", _("round_answer_none", default="Not answered")),
)


def _moment(iso: str) -> str:
    return time_text(datetime.fromisoformat(iso)) if iso else ""


def _day(key: str) -> str:
    return day_text(date.fromisoformat(key))


class ControlRoundsView(BrowserView):
    def __call__(self):
        self.summary = actions.unit_summary(self.context)
        return self.index()

    def due_text(self) -> str:
        return _day(self.summary["due"])

    def next_text(self) -> str:
        return _day(self.summary["next"])

    def history(self) -> list[dict]:
        return [
            {
                **item,
                "due_text": _day(item["round"]),
                "closed_text": _moment(item["closed_at"] or ""),
                "url": f"{self.context.absolute_url()}/@@control-round"
                f"?round={item['round']}",
            }
            for item in self.summary["history"]
        ]

    def round_url(self) -> str:
        return f"{self.context.absolute_url()}/@@control-round"

    def may_keep_staff(self) -> bool:
        return actions.may_keep_staff(self.context)


class ControlRoundView(BrowserView):
    def __call__(self):
        self.due = actions.due_key()
        wanted = self.request.form.get("round") or self.due
        if not isinstance(wanted, str):
            wanted = self.due
        self.key = wanted
        if not _valid_key(wanted):
            raise BadRequest("Name the round by its day, as YYYY-MM-DD.")
        self.item = store.get_round(self.context, wanted)
        if self.item is None and wanted != self.due:
            raise NotFound(wanted)
        if self.request.method == "POST" and wanted == self.due:
            if self.handle():
                return self.request.response.redirect(
                    f"{self.context.absolute_url()}/@@control-rounds"
                )
            self.item = store.get_round(self.context, wanted)
        return self.index()

    @property
    def editable(self) -> bool:
        return self.key == self.due and not (self.item and self.item["closed_at"])

    def title_text(self) -> str:
        return _day(self.key)

    def closed_text(self) -> str:
        return _moment(self.item["closed_at"]) if self.item else ""

    def handle(self) -> bool:
        """Save every log's checklist; close too when asked. True when closed."""
        CheckAuthenticator(self.request)
        form = self.request.form
        try:
            if "form.buttons.open" in form:
                actions.open_round(self.context, self.key)
                return False
            for uid in sorted(round_logs.active_uids(self.context)):
                checks = {
                    name: ANSWERS.get(form.get(f"{name}.{uid}") or "")
                    for name in r.CHECKS
                }
                actions.record(
                    self.context, uid, checks, form.get(f"note.{uid}", ""), self.key
                )
            if "form.buttons.close" in form:
                actions.open_round(self.context, self.key)
                actions.close(self.context, self.key)
                api.portal.show_message(
                    _("round_closed_message", default="The control round is closed."),
                    request=self.request,
                )
                return True
        except actions.RoundRefused as error:
            api.portal.show_message(
                api.portal.translate(error.message), request=self.request, type="error"
            )
            return False
        api.portal.show_message(
            _("round_saved_message", default="Saved."), request=self.request
        )
        return False

    kept = True  # a past round: whether it kept its lines as checked

    def rows(self) -> list[dict]:
        """Each active log with the stored answers, else the prefill; in a
        past round its lines as they were checked (round_logs.kept_logs)."""
        entries = self.item["entries"] if self.item else {}
        if self.editable:
            source = round_logs.active_logs(self.context)
        elif self.item is not None:
            source, self.kept = round_logs.kept_logs(self.item)
        else:
            source = []
        found = []
        for row in source:
            entry = entries.get(row["uid"])
            values = dict(entry["checks"]) if entry else row["prefill"]
            found.append({
                **row,
                "initials": row["initials"] or api.portal.translate(REMOVED),
                "holder_names": ", ".join(h["fullname"] for h in row["holders"]),
                "note": entry["note"] if entry else "",
                "recorded": entry is not None,
                "checks": [
                    {
                        "name": name,
                        "title": CHECK_TITLES[name],
                        "value": {True: "yes", False: "no"}.get(values.get(name), ""),
                    }
                    for name in r.CHECKS
                ],
            })
        return found

    def answers(self) -> list[dict]:
        return [
            {"value": value, "title": api.portal.translate(title)}
            for value, title in ANSWER_TITLES
        ]

    def note_max(self) -> int:
        return r.NOTE_MAX


def _valid_key(key: str) -> bool:
    try:
        date.fromisoformat(key)
    except ValueError:
        return False
    return True
