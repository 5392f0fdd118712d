"""The socioeconomic report with a what-if change, and the pages of team practice, costs,
parameter sets, time use and improvement work, as their users open them in Swedish: each
answers and axe-core finds no serious violation of WCAG 2.1 AA."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from lotsa.outcomes.tests.data import job
from lotsa.testing.factories import TEST_PASSWORD, EnrolmentFactory
from lotsa.testing.personas import build_personas

pytestmark = pytest.mark.django_db(transaction=True)


def _outcomes(unit: Any, year: int) -> None:
    """Twelve people on social assistance at the start; five in full-time work this year."""
    for n in range(12):
        enrolment = EnrolmentFactory(
            unit=unit,
            baseline_income_sources=["social_assistance"],
            start_date=datetime.date(year, 1, 10),
        )
        if n < 5:
            job(enrolment, datetime.date(year, 3, 1), hours_per_week=Decimal(40))


def test_the_new_pages_answer_and_are_accessible(visit: Any) -> None:
    personas = build_personas()
    unit = personas.unit_a.pk
    year = timezone.localdate().year
    _outcomes(personas.unit_a, year)
    visit.sign_in(personas.manager_a.username, TEST_PASSWORD)
    report = {
        "unit": str(unit),
        "start": f"{year}-01-01",
        "end": f"{year}-12-31",
        "cost_per_participant": "60000",
        "counterfactual_arbete_heltid": "10",
        "counterfactual_source": "Jämförelsegrupp",
    }
    visit.go(f"/socioeconomics/report/?{urlencode(report)}")
    assert visit.page.get_by_text("Nuvärde").first.is_visible()
    visit.go(f"/socioeconomics/report/?{urlencode(report | {'discount_rate': '5'})}")
    for path in (
        f"/socioeconomics/costs/units/{unit}/",
        "/socioeconomics/parameters/",
        f"/time-use/units/{unit}/",
        f"/teamwork/units/{unit}/teams/",
        f"/teamwork/units/{unit}/team-meetings/",
        f"/teamwork/units/{unit}/unit-meetings/",
        f"/teamwork/units/{unit}/supervision/",
        f"/improvement/units/{unit}/",
        f"/improvement/units/{unit}/matrix/",
        f"/improvement/units/{unit}/benchmarking/",
        f"/improvement/units/{unit}/competence/",
    ):
        response = visit.go(path)
        assert response.status == 200, path


def test_a_coach_logs_time_on_a_phone_sized_page(visit: Any) -> None:
    personas = build_personas()
    visit.page.set_viewport_size({"width": 375, "height": 740})
    visit.sign_in(personas.coach_a.username, TEST_PASSWORD)
    for path in ("/time-use/week/", "/time-use/week/?day=0", "/time-use/reflection/", "/time-use/"):
        response = visit.go(path)
        assert response.status == 200, path
