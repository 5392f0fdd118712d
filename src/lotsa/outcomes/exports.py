"""Report tables as CSV and XLSX files: the figures exactly as the page shows them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lotsa.core import numbers, spreadsheets
from lotsa.outcomes.queries import ReportView
from lotsa.outcomes.tables import Cell, Table


def _header(table: Table) -> list[str]:
    return [str(table.dimension.name), *(str(label) for _key, label in table.columns)]


def exported_value(cell: Cell) -> Any:
    """A number where one is shown, a share as a percentage, otherwise the text the page shows
    ("< 5", "–")."""
    if cell.suppressed or cell.value is None:
        return cell.text
    if isinstance(cell.value, int):
        return cell.value
    if cell.percent:
        return spreadsheets.Percent(cell.value)
    return float(numbers.rounded(cell.value))


def table_rows(table: Table) -> list[list[Any]]:
    return [
        [str(row.metric.name), *(exported_value(cell) for cell in row.cells)] for row in table.rows
    ]


def _heading(view: ReportView) -> list[list[str]]:
    return [
        [str(view.report.title), str(view.programme.name)],
        [_("Period"), str(view.ctx.period)],
        [_("Units"), view.scope.label],
    ]


def _legend(view: ReportView) -> list[list[Any]]:
    """Under the table, for viewers who get suppressed counts: what the hidden ones say."""
    return [] if view.limit is None else [[], [view.suppression_legend]]


def _lines(view: ReportView, table: Table) -> list[list[Any]]:
    return [*_heading(view), [], _header(table), *table_rows(table), *_legend(view)]


def as_csv(view: ReportView, table: Table) -> str:
    return spreadsheets.csv_text(_lines(view, table))


def as_xlsx(view: ReportView) -> bytes:
    """One sheet per table, with the report, period and units on top of each."""
    return spreadsheets.xlsx(
        ((str(table.dimension.name), _lines(view, table)) for table in view.tables),
        first_column_width=48,
    )
