"""Every CSV and XLSX file Lotsa hands out is written through one module, which turns text a
spreadsheet would run as a formula into plain text."""

from __future__ import annotations

import datetime
import io
import re
from codecs import BOM_UTF8
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import load_workbook

from lotsa.core import spreadsheets
from lotsa.testing.spreadsheets import read_csv

SRC = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text", ["=1+1", "+46 70", "-2+3", "@SUM(A1)", "\tx", "\r=1", "=cmd|' /C calc'!A0"]
)
def test_text_a_spreadsheet_would_evaluate_is_prefixed_with_a_quote(text: str) -> None:
    assert spreadsheets.cell(text) == f"'{text}"


@pytest.mark.parametrize(
    "value",
    [-5, -2.5, Decimal("-1.5"), 0, "-5", "-12.5", "+3", "Enhet A", "", "< 5", "– 5", None],
)
def test_numbers_and_harmless_text_stay_as_they_are(value: object) -> None:
    assert spreadsheets.cell(value) == value


def test_dates_stay_dates() -> None:
    day = datetime.date(2026, 1, 5)
    assert spreadsheets.cell(day) is day


@translation.override("sv")
def test_csv_lines_are_neutralised_and_keep_numbers() -> None:
    text = spreadsheets.csv_text([["=1+1", -3, "Enhet"], ["@x", 2.5, None]])
    assert read_csv(text.encode()) == [["'=1+1", "-3", "Enhet"], ["'@x", "2,5", ""]]
    streamed = "".join(spreadsheets.csv_lines(iter([["-1+1", "-1"]])))
    assert read_csv(streamed.encode()) == [["'-1+1", "-1"]]


@translation.override("sv")
def test_csv_blocks_hold_whole_lines_of_at_least_the_block_size() -> None:
    rows = [[f"Enhet {n}", n, Decimal(n) / 4] for n in range(500)]
    blocks = list(spreadsheets.csv_blocks(iter(rows), size=1_000))
    assert "".join(blocks) == spreadsheets.csv_text(rows)
    assert len(blocks) > 5
    assert all(len(block) >= 1_000 for block in blocks[:-1])
    assert all(block.endswith("\r\n") for block in blocks)
    # No block holds a line more than it needs to reach the size.
    assert all(len(block) - len(block.splitlines(keepends=True)[-1]) < 1_000 for block in blocks)


@pytest.mark.parametrize("language", ["sv", "da"])
def test_csv_reads_back_as_nordic_excel_reads_it(language: str) -> None:
    """Semicolons between fields, decimal commas, a byte order mark so the letters survive."""
    with translation.override(language):
        content = spreadsheets.csv_text(
            [["Enhet Åsa, Ørestad", "æblegård"], [Decimal("12.5"), spreadsheets.Percent(25.5)]]
        ).encode("utf-8")
    assert content.startswith(BOM_UTF8)
    (names, figures) = read_csv(content)
    assert names == ["Enhet Åsa, Ørestad", "æblegård"]
    assert float(figures[0].replace(",", ".")) == 12.5
    assert figures[1] == "25,5%"


def test_english_csv_keeps_the_comma_and_the_decimal_point() -> None:
    with translation.override("en"):
        content = spreadsheets.csv_text([[2.5, spreadsheets.Percent(Decimal("7.25"))]]).encode()
    assert read_csv(content, delimiter=",") == [["2.5", "7.3%"]]


@pytest.mark.parametrize("language", ["sv", "da", "en"])
def test_xlsx_rates_are_per_cent_cells_holding_the_fraction(language: str) -> None:
    with translation.override(language):
        content = spreadsheets.xlsx([("Blad", [["Andel", spreadsheets.Percent(Decimal("25.5"))]])])
    sheet = load_workbook(io.BytesIO(content))["Blad"]
    assert sheet["B1"].number_format == "0.0%"
    assert sheet["B1"].value == pytest.approx(0.255)


def test_xlsx_cells_are_text_and_never_formulas() -> None:
    content = spreadsheets.xlsx([("Blad", [["=1+1", -4, 1.5], ["+A1", datetime.date(2026, 1, 5)]])])
    sheet = load_workbook(io.BytesIO(content))["Blad"]
    assert sheet["A1"].data_type == "s" and sheet["A1"].value == "'=1+1"
    assert sheet["B1"].data_type == "n" and sheet["B1"].value == -4
    assert sheet["C1"].value == 1.5
    assert sheet["A2"].value == "'+A1"
    assert sheet["B2"].value.date() == datetime.date(2026, 1, 5)


# The modules allowed to write CSV or XLSX: this one, which all the others call.
WRITERS = {Path("core/spreadsheets.py")}


def test_no_other_module_writes_spreadsheets() -> None:
    """A new export cannot bypass the neutralising by writing files on its own."""
    writing = re.compile(r"csv\.writer|csv\.DictWriter|openpyxl")
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "tests" not in path.parts
        and path.relative_to(SRC) not in WRITERS
        and writing.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
