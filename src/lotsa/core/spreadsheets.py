"""CSV and XLSX files as Lotsa hands them out: the one place that writes them.

Text that people typed (unit, employer and participant names, notes) ends up in cells. A cell
whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
programs skip before reading on) is taken by spreadsheet programs as a formula, which can fetch
addresses, run commands or send the sheet's contents elsewhere the moment the file is opened
("formula injection"; the OWASP rule). Every text cell that starts so is written with a single
quote in front, which makes it plain text in CSV and XLSX alike; numbers stay numbers, also
negative ones, and so does text that is just a number ("-5", "+3", "-12.5").

Every export writes through ``csv_text``, ``csv_lines`` or ``xlsx``; a test makes sure no other
module writes CSV or XLSX on its own.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number a sheet may read as one: no formula can hide in it.
NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def cell(value: Any) -> Any:
    """The value as it may go into a cell: text a spreadsheet would evaluate gets a quote in
    front; everything else (numbers, dates, empty cells, other text) is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return f"'{value}"
    return value


def row(values: Iterable[Any]) -> list[Any]:
    return [cell(value) for value in values]


class _Echo:
    """A file that hands back what is written to it, for streaming CSV lines."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The rows as CSV lines, one at a time, for a streamed download."""
    writer = csv.writer(_Echo())
    for values in rows:
        yield writer.writerow(row(values))


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    return "".join(csv_lines(rows))


def xlsx(
    sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]], *, first_column_width: float = 0
) -> bytes:
    """A workbook of (sheet title, rows), every cell neutralised as above."""
    # openpyxl is loaded when a workbook is made: most requests never make one.
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        for values in rows:
            sheet.append(row(values))
        if first_column_width:
            sheet.column_dimensions["A"].width = first_column_width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
