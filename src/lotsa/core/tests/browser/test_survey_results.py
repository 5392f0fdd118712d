"""An analyst opens the survey results from the menu: the tables are accessible, a wave with
four answers shows suppressed cells, and the results download as XLSX with the same cells."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from lotsa.organisations.models import Role
from lotsa.testing.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    ResponseFactory,
    SurveyIdFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _answered(unit: Any, wave: str, count: int) -> None:
    for _ in range(count):
        ResponseFactory(survey_id=SurveyIdFactory(unit=unit), wave=wave, answers={"meaningful": 3})


def test_an_analyst_reads_the_survey_results_and_downloads_them(visit: Any) -> None:
    unit = UnitFactory(name="AMiA Norrby", runs=["amia"])
    _answered(unit, "t1", 6)
    _answered(unit, "t3", 4)
    analyst = MembershipFactory(unit=unit, role=Role.ANALYST).user
    visit.sign_in(analyst.username, TEST_PASSWORD)

    visit.go("/")
    visit.page.get_by_role("link", name="Enkätresultat").click()
    visit.page.get_by_role("combobox", name="Enkät").select_option("amia_participant")
    visit.page.get_by_role("combobox", name="Enhet").select_option(str(unit.pk))
    visit.page.get_by_role("button", name="Visa").click()
    visit.page.wait_for_load_state()
    visit.check_accessibility()

    meaningful = visit.page.locator("#item-meaningful + .table-scroll table")
    t3 = meaningful.locator("tr", has_text="T3").first.inner_text()
    assert t3.count("< 5") == 4
    assert "6" in meaningful.locator("tr", has_text="T1").first.inner_text()

    with visit.page.expect_download() as download:
        visit.page.get_by_role("link", name="Ladda ner resultaten som xlsx").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = [[cell.value for cell in row] for row in book["Svar"].iter_rows()]
    assert ["< 5", "< 5", 6, 6] in [row[1:5] for row in rows if row[0] == "T1"]
