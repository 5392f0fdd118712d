"""CSV and XLSX files as Lotsa hands them out: the one place that writes them.

Text that people typed (unit, employer and participant names, notes) ends up in cells. A cell
whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
programs skip before reading on) is taken by spreadsheet programs as a formula, which can fetch
addresses, run commands or send the sheet's contents elsewhere the moment the file is opened
("formula injection"; the OWASP rule). Every text cell that starts so is written with a single
quote in front, which makes it plain text in CSV and XLSX alike; numbers stay numbers, also
negative ones, and so does text that is just a number ("-5", "+3", "-12.5").

Files open in the spreadsheet program of the reader's language as they are: CSV starts with a
byte order mark, so Excel reads it as UTF-8 (å, ä, ö, æ, ø intact), and in Swedish and Danish
separates its fields with a semicolon and writes decimals with a comma, which is what Excel
expects where the comma is the decimal sign. Shares given as ``Percent`` are per cent cells in
XLSX (the fraction, shown as "25,5 %" or "25.5%" by the program itself) and "25,5%" in CSV,
which Excel reads back as a percentage.

Every export writes through ``csv_text``, ``csv_lines``, ``csv_blocks`` or ``xlsx``; a test makes sure no other
module writes CSV or XLSX on its own.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import formats

from lotsa.core import numbers

# Characters per block of a streamed CSV download: some hundreds of rows per write to the network.
STREAM_BLOCK = 64 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number a sheet may read as one: no formula can hide in it.
NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def cell(value: Any) -> Any:
    """The value as it may go into a cell: text a spreadsheet would evaluate gets a quote in
    front; everything else (numbers, dates, empty cells, other text) is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return f"'{value}"
    return value


BOM = "\ufeff"


@dataclass(frozen=True)
class Percent:
    """A share in per cent (25.5 for a little over a quarter) to be written as a percentage."""

    value: Decimal | float | int
    places: int = 1


class _Echo:
    """A file that hands back what is written to it, for streaming CSV lines."""

    def write(self, value: str) -> str:
        return value


def _csv_value(value: Any, decimal_sign: str) -> Any:
    """Numbers with the language's decimal sign and no grouping, so that the spreadsheet program
    reads them back as numbers; everything else as ``cell`` leaves it."""
    if isinstance(value, Percent):
        return f"{numbers.rounded(value.value, value.places)}%".replace(".", decimal_sign)
    if isinstance(value, float | Decimal):
        return format(Decimal(str(value)), "f").replace(".", decimal_sign)
    return cell(value)


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The rows as CSV lines, one at a time, for a streamed download, in the conventions of the
    language active now (the stream may be read after the request's language is gone)."""
    decimal_sign = str(formats.get_format("DECIMAL_SEPARATOR"))
    writer = csv.writer(_Echo(), delimiter=";" if decimal_sign == "," else ",")

    def lines() -> Iterator[str]:
        start = BOM  # before the first line, so a streamed file has one chunk per row
        for values in rows:
            yield start + writer.writerow([_csv_value(value, decimal_sign) for value in values])
            start = ""
        if start:
            yield start

    return lines()


def csv_blocks(rows: Iterable[Iterable[Any]], size: int = STREAM_BLOCK) -> Iterator[str]:
    """The CSV lines of the rows joined into blocks of at least ``size`` characters (the last
    one shorter), for a streamed download: each block the response yields is a write to the
    network, and a line per write spends more time on writing than on the line."""
    lines = csv_lines(rows)  # now, in the language of the request

    def blocks() -> Iterator[str]:
        block: list[str] = []
        length = 0
        for line in lines:
            block.append(line)
            length += len(line)
            if length >= size:
                yield "".join(block)
                block, length = [], 0
        if block:
            yield "".join(block)

    return blocks()


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    return "".join(csv_lines(rows))


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Percent):
        return float(numbers.rounded(value.value, value.places) / 100)
    return cell(value)


def _percent_format(places: int) -> str:
    return f"0.{'0' * places}%" if places else "0%"


def xlsx(
    sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]], *, first_column_width: float = 0
) -> bytes:
    """A workbook of (sheet title, rows), every cell neutralised as above and every ``Percent``
    a per cent cell."""
    # openpyxl is loaded when a workbook is made: most requests never make one.
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        for values in rows:
            values = list(values)
            sheet.append([_xlsx_value(value) for value in values])
            for column, value in enumerate(values, start=1):
                if isinstance(value, Percent):
                    written = sheet.cell(row=sheet.max_row, column=column)
                    written.number_format = _percent_format(value.places)
        if first_column_width:
            sheet.column_dimensions["A"].width = first_column_width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
