"""A report's figures read as the viewer's language writes them, alike on the page, in the PDF,
in the CSV and in the XLSX: "50,0 %" in Swedish and Danish, "50.0%" in English."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from lotsa.accounts.services import save_language
from lotsa.outcomes.tests.data import ips_quarter
from lotsa.testing.spreadsheets import read_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

NBSP = "\xa0"
# The quarter's employment rate: two of the four served out of work at referral found work.
RATE = {"sv": f"50,0{NBSP}%", "da": f"50,0{NBSP}%", "en": "50.0%"}
POINT_RATES = ("50.0 %", "50.0%", "50,0 %")  # each wrong somewhere: mixed or breakable


def _report(client_for: Any, language: str, path: str) -> Any:
    data = ips_quarter()
    save_language(user=data.coach, language=language)
    return client_for(data.coach).get(f"/outcomes/ips/{path}?quarter=2026Q3&unit={data.unit.pk}")


@pytest.mark.parametrize("language", ["sv", "da", "en"])
def test_the_page_writes_shares_in_the_language_and_never_mixes(
    client_for: Any, language: str
) -> None:
    text = _report(client_for, language, "").content.decode()
    assert RATE[language] in text
    assert not any(wrong in text for wrong in POINT_RATES if wrong != RATE[language])
    if language != "en":
        # the benchmarks under the figures too, each with its space before the sign
        assert f"41–49{NBSP}%" in text
        assert "%." not in text.replace(f"{NBSP}%.", "")


@pytest.mark.parametrize("language", ["sv", "da"])
def test_the_pdf_writes_the_decimal_comma(client_for: Any, language: str) -> None:
    response = _report(client_for, language, "report.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    # PDF text extraction may give the non-breaking space back as a plain one
    assert "50,0 %" in text.replace(NBSP, " ")
    assert "50.0" not in text


@pytest.mark.parametrize("language", ["sv", "da", "en"])
def test_the_xlsx_holds_rates_as_per_cent_cells(client_for: Any, language: str) -> None:
    content = _report(client_for, language, "export.xlsx").content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rate = next(row[-1] for row in sheet.iter_rows() if row[-1].number_format == "0.0%")
    assert rate.value == pytest.approx(0.5)
    counts = [row[-1].value for row in sheet.iter_rows() if isinstance(row[-1].value, int)]
    assert 5 in counts  # counts stay plain whole numbers


@pytest.mark.parametrize("language", ["sv", "da"])
def test_the_csv_opens_in_nordic_excel(client_for: Any, language: str) -> None:
    rows = read_csv(_report(client_for, language, "export.csv").content)
    figures = [row[-1] for row in rows[4:] if len(row) > 1]
    assert "50,0%" in figures
    shares = [figure.removesuffix("%") for figure in figures if figure.endswith("%")]
    assert shares and all(float(share.replace(",", ".")) >= 0 for share in shares)
    assert rows[2][1] == "IPS Kvartal"


def test_the_english_csv_keeps_excels_english_conventions(client_for: Any) -> None:
    rows = read_csv(_report(client_for, "en", "export.csv").content, delimiter=",")
    assert "50.0%" in [row[-1] for row in rows if row]
