"""Report tables as CSV and XLSX files: the figures exactly as the page shows them."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from lotsa.outcomes.queries import Cell, ReportView, Table


def _header(table: Table) -> list[str]:
    return [str(table.dimension.name), *(str(label) for _key, label in table.columns)]


def _value(cell: Cell, limit: int) -> Any:
    """A number where one is shown, otherwise the text the page shows ("< 5", "–")."""
    if cell.suppressed or cell.value is None:
        return cell.text
    if isinstance(cell.value, int):
        return cell.value
    return float(Decimal(cell.value).quantize(Decimal("0.1")))


def table_rows(table: Table) -> list[list[Any]]:
    return [
        [str(row.metric.name), *(_value(cell, table.limit) for cell in row.cells)]
        for row in table.rows
    ]


def _heading(view: ReportView) -> list[list[str]]:
    return [
        [str(view.report.title), str(view.programme.name)],
        [_("Period"), str(view.ctx.period)],
        [_("Units"), view.scope.label],
    ]


def as_csv(view: ReportView, table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(_heading(view))
    writer.writerow([])
    writer.writerow(_header(table))
    writer.writerows(table_rows(table))
    return out.getvalue()


def as_xlsx(view: ReportView) -> bytes:
    """One sheet per table, with the report, period and units on top of each."""
    book = Workbook()
    book.remove(book.active)
    for table in view.tables:
        sheet = book.create_sheet(title=str(table.dimension.name)[:31])
        for line in _heading(view):
            sheet.append(line)
        sheet.append([])
        sheet.append(_header(table))
        for row in table_rows(table):
            sheet.append(row)
        sheet.column_dimensions[get_column_letter(1)].width = 48
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
