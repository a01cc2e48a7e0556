"""@@statistics on the log folder: charts and tables of the site's BTI work."""

from bti.portal import _
from bti.portal.domain import statistics as s
from bti.portal.interfaces import IProductPage
from bti.portal.relaylog.statistics import labels
from bti.portal.relaylog.statistics import report
from bti.portal.relaylog.statistics.report import StatisticsError
from datetime import date
from plone import api
from Products.Five.browser import BrowserView
from urllib.parse import urlencode
from zExceptions import Unauthorized
from zope.i18n import translate
from zope.interface import implementer


CHOICES = 20  # quarters offered in the lists, up to the current one


@implementer(IProductPage)
class StatisticsView(BrowserView):
    error = None
    selection = None

    def __call__(self):
        if not report.may_view(self.context):
            raise Unauthorized("Statistics are for coordinators and unit leaders.")
        try:
            self.selection = report.select(self.context, self.request.form)
        except StatisticsError as error:
            self.request.response.setStatus(400)
            self.error = translate(error.message, context=self.request)
            return self.index()
        self.found = report.tables(api.portal.get(), self.selection)
        if self.request.form.get("format") == "csv":
            return self.csv()
        return self.index()

    def csv(self):
        response = self.request.response
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader(
            "Content-Disposition",
            f'attachment; filename="{report.csv_filename(self.selection)}"',
        )
        response.setHeader("Cache-Control", "private, no-store")
        return report.as_csv(self.found, self.selection)

    # --- the form ---

    def quarter_choices(self) -> list[str]:
        last = s.Quarter.of(date.today())
        return [str(last.shift(-n)) for n in reversed(range(CHOICES))]

    def chosen(self) -> dict:
        if self.selection is None:
            default = s.last_quarters(date.today())
            return {"from": str(default[0]), "to": str(default[-1]), "unit": ""}
        return {
            "from": str(self.selection.quarters[0]),
            "to": str(self.selection.quarters[-1]),
            "unit": self.selection.unit,
        }

    def units(self) -> list[dict]:
        allowed = (
            self.selection.allowed
            if self.selection
            else report.allowed_units(self.context)
        )
        return [{"uid": uid, "title": title} for uid, title in allowed.items()]

    def csv_url(self) -> str:
        query = {**self.chosen(), "format": "csv"}
        query = {key: value for key, value in query.items() if value}
        return f"{self.context.absolute_url()}/@@statistics?{urlencode(query)}"

    # --- charts and tables ---

    def t(self, message) -> str:
        return translate(message, context=self.request)

    def cell(self, value) -> str:
        if value is s.SUPPRESSED:
            return self.t(labels.SUPPRESSED)
        if value is s.WITHHELD:
            return self.t(labels.WITHHELD)
        return str(value)

    def label(self, code: str) -> str:
        return report.label(code, self.selection)

    def kind_sections(self) -> list[dict]:
        """One per kind: a chart of its quarters and the table beside it."""
        table = self.found["per_quarter"]
        sections = []
        for kind in table.rows:
            title = self.label(kind)
            bars = [(col, table.cells[kind][col]) for col in table.cols]
            sections.append({
                "id": f"stats-{kind}",
                "title": title,
                "svg": s.bar_chart(
                    f"chart-{kind}",
                    title,
                    self.describe(title, bars, table.row_totals[kind]),
                    bars,
                    self.t(labels.SUPPRESSED),
                    self.t(labels.WITHHELD),
                ),
                "rows": [(label, self.cell(value)) for label, value in bars],
                "total": self.cell(table.row_totals[kind]),
            })
        return sections

    def reason_sections(self) -> list[dict]:
        sections = []
        for kind in s.REASONS:
            table = self.found[f"reasons_{kind}"]
            title = self.label(f"reasons_{kind}")
            bars = [
                (
                    report.label(row, self.selection, table.name),
                    table.cells[row]["total"],
                )
                for row in table.rows
            ]
            sections.append({
                "id": f"stats-reasons-{kind}",
                "title": title,
                "svg": s.bar_chart(
                    f"chart-reasons-{kind}",
                    title,
                    self.describe(title, bars, table.col_totals["total"]),
                    bars,
                    self.t(labels.SUPPRESSED),
                    self.t(labels.WITHHELD),
                ),
                "rows": [(label, self.cell(value)) for label, value in bars],
                "total": self.cell(table.col_totals["total"]),
            })
        return sections

    def describe(self, title: str, bars, total) -> str:
        """The chart's <desc>: every bar in words, then the total."""
        parts = [f"{label}: {self.cell(value)}" for label, value in bars]
        total_text = self.t(labels.TOTAL)
        return f"{title}. " + "; ".join(parts) + f". {total_text}: {self.cell(total)}."

    def grid(self, name: str) -> dict:
        """A plain table: header, rows of cells, totals (per row or per column)."""
        table = self.found[name]
        row_totals = bool(table.row_totals)
        rows = []
        for row in table.rows:
            cells = [self.cell(table.cells[row][col]) for col in table.cols]
            if row_totals:
                cells.append(self.cell(table.row_totals[row]))
            rows.append({"label": self.label(row), "cells": cells})
        footer = None
        if table.col_totals:
            footer = [self.cell(table.col_totals[col]) for col in table.cols]
        head = [self.label(col) for col in table.cols]
        if row_totals:
            head.append(self.t(labels.TOTAL))
        return {
            "title": self.label(name),
            "head": head,
            "rows": rows,
            "footer": footer,
        }

    def range_text(self) -> str:
        return self.t(
            _(
                "stats_range",
                default="From ${first} to ${last}",
                mapping={
                    "first": str(self.selection.quarters[0]),
                    "last": str(self.selection.quarters[-1]),
                },
            )
        )
