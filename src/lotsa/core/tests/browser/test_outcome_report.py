"""Journey 5: a manager opens the quarterly report, drills into a number and exports XLSX; an
analyst sees only pseudonyms and suppressed small cells."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from lotsa.organisations.models import Role
from lotsa.outcomes.tests.data import ips_quarter
from lotsa.testing.factories import TEST_PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _open_the_quarter(visit: Any, unit: Any) -> None:
    visit.go("/outcomes/")
    visit.page.get_by_role("link", name="IPS-utfall per kvartal").click()
    visit.page.get_by_role("textbox", name="Kvartal").fill("2026Q3")
    visit.page.get_by_role("combobox", name="Enhet").select_option(str(unit.pk))
    visit.page.get_by_role("button", name="Visa").click()
    visit.page.wait_for_load_state()
    visit.check_accessibility()


def _open_the_served(visit: Any) -> None:
    """Follow the unit's count of participants served to the records behind it."""
    table = visit.page.locator("#table-unit ~ div table")
    served = table.locator("tr", has_text="Deltagare som fått stöd").first
    served.get_by_role("link", name="5").last.click()
    visit.page.wait_for_load_state()
    visit.check_accessibility()


def test_a_manager_drills_into_the_report_and_exports_it(visit: Any) -> None:
    data = ips_quarter()
    manager = MembershipFactory(unit=data.unit, role=Role.MANAGER).user
    visit.sign_in(manager.username, TEST_PASSWORD)
    _open_the_quarter(visit, data.unit)
    headline = visit.page.locator("dl.headline")
    assert "Deltagare som fått stöd" in headline.inner_text()
    assert headline.locator("dd").first.inner_text() == "5"
    assert "50,0\xa0%" in headline.inner_text()  # two of four out of work at referral found work

    _open_the_served(visit)
    assert visit.page.get_by_role("heading", level=1).inner_text() == "Deltagare som fått stöd: 5"
    assert visit.page.locator("tbody tr").count() == 5
    assert data.e1.participant.last_name in visit.page.content()

    visit.page.go_back()
    with visit.page.expect_download() as download:
        visit.page.get_by_role("link", name="Ladda ner alla tabeller som xlsx").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]
    assert next(row for row in rows if row[0] == "Deltagare som fått stöd")[-1] == 5


def test_an_analyst_sees_pseudonyms_and_suppressed_cells(visit: Any) -> None:
    data = ips_quarter()
    analyst = MembershipFactory(unit=data.unit, role=Role.ANALYST).user
    visit.sign_in(analyst.username, TEST_PASSWORD)
    _open_the_quarter(visit, data.unit)
    assert "< 5" in visit.page.locator("#table-unit ~ div table").inner_text()
    _open_the_served(visit)
    text = visit.page.content()
    assert len(set(re.findall(r"P-[A-Z2-7]{20}", text))) == 5
    assert data.e1.participant.last_name not in text
