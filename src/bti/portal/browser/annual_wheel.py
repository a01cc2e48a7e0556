"""The annual wheel in four quarters, and its tasks as iCalendar."""

from bti.portal import _
from bti.portal.catalog import children
from bti.portal.catalog import meta
from bti.portal.vocabularies import MONTHS
from datetime import date
from datetime import datetime
from datetime import UTC
from icalendar import Calendar
from icalendar import Event
from plone import api
from Products.Five.browser import BrowserView


QUARTERS = (
    (_("quarter_1", default="January–March"), 1, 3),
    (_("quarter_2", default="April–June"), 4, 6),
    (_("quarter_3", default="July–September"), 7, 9),
    (_("quarter_4", default="October–December"), 10, 12),
)


def tasks(wheel) -> list:
    """Task brains of a wheel, by start month then title (catalog only)."""
    brains = children(wheel, "AnnualTask")
    return sorted(brains, key=lambda b: (meta(b, "bti_month_from", 0), b.Title))


def month_range(brain) -> str:
    first, last = (
        MONTHS.getTerm(brain.bti_month_from),
        MONTHS.getTerm(brain.bti_month_to),
    )
    if first == last:
        return api.portal.translate(first.title)
    return f"{api.portal.translate(first.title)}–{api.portal.translate(last.title)}"


class AnnualWheelView(BrowserView):
    def quarters(self) -> list[dict]:
        all_tasks = tasks(self.context)
        return [
            {
                "title": title,
                "tasks": [
                    {
                        "brain": b,
                        "months": month_range(b),
                        "owner": meta(b, "bti_owner_role", ""),
                    }
                    for b in all_tasks
                    if b.bti_month_from <= last and b.bti_month_to >= first
                ],
            }
            for title, first, last in QUARTERS
        ]


def task_event(brain, year: int) -> Event:
    start = date(year, brain.bti_month_from, 1)
    last = brain.bti_month_to
    end = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    event = Event()
    event.add("uid", f"{brain.UID}-{year}@bti-portal")
    event.add("dtstamp", datetime.now(UTC))
    event.add("summary", brain.Title)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("rrule", {"freq": "yearly"})
    details = [
        part
        for part in (
            meta(brain, "bti_owner_role"),
            meta(brain, "bti_audience"),
            brain.Description,
        )
        if part
    ]
    if details:
        event.add("description", "\n".join(details))
    event.add("url", brain.getURL())
    return event


class AnnualWheelICal(BrowserView):
    """GET .../@@wheel.ics[?year=2027]: one yearly event per task."""

    def year(self) -> int:
        try:
            year = int(self.request.form.get("year", ""))
        except ValueError:
            return date.today().year
        return year if 2000 <= year <= 2100 else date.today().year

    def __call__(self) -> bytes:
        calendar = Calendar()
        calendar.add("prodid", "-//BTI portal//annual wheel//NO")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", self.context.Title())
        year = self.year()
        for brain in tasks(self.context):
            calendar.add_component(task_event(brain, year))
        response = self.request.response
        response.setHeader("Content-Type", "text/calendar; charset=utf-8")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="{self.context.getId()}.ics"'
        )
        return calendar.to_ical()
