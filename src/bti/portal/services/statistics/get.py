"""GET /<site>/logs/@statistics?from=2026Q1&to=2026Q4&unit=<uid>[&format=csv].

The numbers of the statistics page (bti.portal.relaylog.statistics.report):
JSON by default, CSV with ``format=csv`` or ``Accept: text/csv``. Every number
is rounded to the nearest 5; a hidden one (below 5, or a withheld total) is
null in JSON, "<5" or ":" in CSV. Wrong parameters: 400.
"""

from bti.portal.relaylog.errors import reply as error_reply
from bti.portal.relaylog.statistics import report
from bti.portal.relaylog.statistics.report import StatisticsError
from plone import api
from plone.restapi.services import Service
from zExceptions import Unauthorized


FORMATS = ("json", "csv")


class StatisticsGet(Service):
    def wants_csv(self) -> bool:
        accept = self.request.getHeader("Accept", "") or ""
        return self.request.form.get("format") == "csv" or (
            accept.split(";")[0].strip() == "text/csv"
        )

    def render(self):
        self.check_permission()
        if not report.may_view(self.context):
            raise Unauthorized("Statistics are for coordinators and unit leaders.")
        self.request.response.setHeader("Cache-Control", "private, no-store")
        if self.wants_csv() and self.request.form.get("format", "csv") == "csv":
            try:
                selection = report.select(self.context, self.request.form)
            except StatisticsError:
                return super().render()  # the error as JSON
            response = self.request.response
            response.setHeader("Content-Type", "text/csv; charset=utf-8")
            response.setHeader(
                "Content-Disposition",
                f'attachment; filename="{report.csv_filename(selection)}"',
            )
            found = report.tables(api.portal.get(), selection)
            return report.as_csv(found, selection)
        return super().render()

    def reply(self):
        try:
            if self.request.form.get("format", "json") not in FORMATS:
                raise StatisticsError("stats_format_unknown")
            selection = report.select(self.context, self.request.form)
        except StatisticsError as error:
            return error_reply(self.request, error)
        found = report.tables(api.portal.get(), selection)
        return {
            "@id": f"{self.context.absolute_url()}/@statistics",
            **report.as_json(found, selection),
        }
