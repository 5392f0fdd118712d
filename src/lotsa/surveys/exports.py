"""Survey results as an XLSX workbook: the figures exactly as the page shows them, suppressed
cells as the page shows them, a sheet per part and the definitions on a sheet of their own."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lotsa.core import spreadsheets
from lotsa.outcomes.exports import exported_value, table_rows
from lotsa.outcomes.tables import Cell, Table
from lotsa.surveys.results import SurveyResults, period_label

Lines = list[list[Any]]


def _heading(results: SurveyResults) -> Lines:
    instrument = results.instrument
    return [
        [str(instrument.name), _("Version %(version)s") % {"version": instrument.version}],
        [_("Period"), period_label(results.period)],
        [_("Units"), results.scope_label],
        [],
    ]


def _table(title: Any, table: Table) -> Lines:
    header = [str(table.dimension.name), *(str(label) for _key, label in table.columns)]
    return [[str(title)], header, *table_rows(table), []]


def _rates(results: SurveyResults) -> Lines:
    lines = [line for table in results.rates for line in _table(table.dimension.heading, table)]
    if results.rounds:
        lines.append(
            [
                _("Round"),
                _("Opens on"),
                _("Closes on"),
                _("Number asked"),
                _("Responses"),
                _("Response rate"),
            ]
        )
        lines.extend(
            [
                each.round.title,
                each.round.opens_on,
                each.round.closes_on,
                each.round.invited,
                each.responses,
                exported_value(each.rate),
                *(f"{group}: {cell.text}" for group, cell in each.groups),
            ]
            for each in results.rounds
        )
    return lines


def _answers(results: SurveyResults) -> Lines:
    lines: Lines = []
    for each in results.items:
        if each.table.rows:
            lines += _table(each.item.text, each.table)
        if each.groups is not None:
            lines += _table(each.item.text, each.groups)
        if each.texts:
            lines += [[str(each.item.text)], *([text] for text in each.texts), []]
    return lines


def _cells(cells: list[Cell]) -> list[Any]:
    return [exported_value(cell) for cell in cells]


def _changes(results: SurveyResults) -> Lines:
    lines: Lines = []
    for change in results.changes:
        lines.append([change.title])
        lines.append(
            [
                _("Question"),
                _("Pairs"),
                _("Mean before"),
                _("Mean after"),
                _("Mean change"),
                _("Higher"),
                _("Same"),
                _("Lower"),
            ]
        )
        for row in change.rows:
            lines.append(
                [
                    str(row.item.text),
                    *_cells([row.n, row.mean_before, row.mean_after, row.mean_change]),
                    *_cells(row.counts),
                ]
            )
        lines.append([])
    return lines


def _indicators(results: SurveyResults) -> Lines:
    lines: Lines = [[_("Indicator"), _("Wave"), _("Answers"), _("Share"), _("Target"), _("Met")]]
    for each in results.indicators:
        met = {True: _("Yes"), False: _("No"), None: _("Too few answers")}[each.met]
        lines.append(
            [
                str(each.indicator.name),
                each.wave,
                exported_value(Cell(each.n, limit=each.limit, suppressed=each.share.suppressed)),
                exported_value(each.share),
                spreadsheets.Percent(each.indicator.target * 100),
                met,
            ]
        )
    return lines


def _trend(results: SurveyResults) -> Lines:
    return [
        [_("Half-year"), *results.trend_columns],
        *([label, *_cells(cells)] for label, cells in results.trend),
    ]


def as_xlsx(results: SurveyResults) -> bytes:
    heading = _heading(results)
    sheets = [
        (_("Response rates"), heading + _rates(results)),
        (_("Answers"), heading + _answers(results)),
        (_("Paired change"), heading + _changes(results)),
        (_("Indicators"), heading + _indicators(results)),
        (_("Trend"), heading + _trend(results)),
        (_("Definitions"), [list(each) for each in results.definitions]),
    ]
    return spreadsheets.xlsx(sheets, first_column_width=48)
