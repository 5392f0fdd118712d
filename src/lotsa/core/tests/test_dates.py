"""Dates people enter stay within a plausible range, and a date stored outside it cannot take
the pages of a team down."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from lotsa.employment.models import Job
from lotsa.employment.services import register_employer, save_job
from lotsa.employment.tests.conftest import ORG_NUMBER
from lotsa.employment.tests.test_employment import job_fields

pytestmark = pytest.mark.django_db
FAR_FUTURE = "9999-12-30"


@pytest.fixture
def employer(personas: Any) -> Any:
    return register_employer(
        actor=personas.coach_a, name="Testbolaget AB", country="SE",
        organisation_number=ORG_NUMBER, sector="private",
    )  # fmt: skip


def job_payload(employer: Any, **overrides: str) -> dict[str, Any]:
    return {
        "employer_id": employer.pk, "title": "Kock", "occupation_code": "5120",
        "starts_on": "2026-02-02", "hours_per_week": "30", "currency": "SEK",
        "form": "open_market",
    } | overrides  # fmt: skip


@pytest.mark.parametrize("day", [FAR_FUTURE, "0001-01-01", "1899-12-31"])
def test_a_job_starting_at_an_implausible_date_is_refused_by_the_api(
    personas: Any, case: Any, employer: Any, api_for: Any, day: str
) -> None:
    enrolment = case("ips", started_on=datetime.date(2026, 1, 10))
    response = api_for(personas.coach_a).post(
        f"/api/enrolments/{enrolment.pk}/jobs",
        job_payload(employer, starts_on=day),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "starts_on"
    assert not Job.objects.exists()


def test_a_job_starting_at_an_implausible_date_is_refused_by_the_form(
    personas: Any, case: Any, employer: Any, client_for: Any
) -> None:
    enrolment = case("ips", started_on=datetime.date(2026, 1, 10))
    response = client_for(personas.coach_a).post(
        f"/cases/{enrolment.pk}/jobs/new/",
        {"employer": employer.pk, "title": "Kock", "occupation_code": "5120",
         "starts_on": FAR_FUTURE, "hours_per_week": "30", "currency": "SEK",
         "form": "open_market"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "starts_on" in response.context["form"].errors
    assert not Job.objects.exists()


def test_the_service_refuses_it_whatever_calls_it(personas: Any, case: Any, employer: Any) -> None:
    from lotsa.errors import DomainError

    enrolment = case("ips", started_on=datetime.date(2026, 1, 10))
    with pytest.raises(DomainError) as refused:
        save_job(
            actor=personas.coach_a, enrolment=enrolment,
            **job_fields(employer, starts_on=datetime.date(9999, 12, 30)),
        )  # fmt: skip
    assert "starts_on" in refused.value.errors


def test_a_stored_extreme_date_does_not_take_the_teams_pages_down(
    personas: Any, case: Any, employer: Any, client_for: Any, api_for: Any
) -> None:
    # As an older version, an import or a database edit may have left it.
    enrolment = case("ips", started_on=datetime.date(2026, 1, 10))
    job = save_job(actor=personas.coach_a, enrolment=enrolment, **job_fields(employer))
    Job.objects.filter(pk=job.pk).update(
        starts_on=datetime.date(9999, 12, 30), ends_on=datetime.date(9999, 12, 31)
    )
    client = client_for(personas.coach_a)
    for url in (
        f"/cases/{enrolment.pk}/",
        "/caseload/",
        f"/units/{personas.unit_a.pk}/board/",
        f"/participants/{enrolment.participant_id}/",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert b"Case Personips" in page.content or url.endswith("/board/"), url
    api = api_for(personas.coach_a)
    assert api.get(f"/api/enrolments/{enrolment.pk}").status_code == 200
    assert api.get(f"/api/enrolments/{enrolment.pk}/jobs").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["quarter=9999Q4", "quarter=0001Q1", "start=0001-01-01&end=0001-03-31",
     "start=9999-10-01&end=9999-12-31"],
)  # fmt: skip
def test_report_periods_at_the_calendars_ends_are_refused_not_failed(
    personas: Any, client_for: Any, api_for: Any, query: str
) -> None:
    page = client_for(personas.manager_a).get(f"/outcomes/ips/?{query}")
    assert page.status_code == 400
    assert b"Ange ett datum mellan 1900-01-01" in page.content
    api = api_for(personas.manager_a).get(f"/api/outcomes/ips?{query}")
    assert api.status_code == 422
    assert api.json()["detail"][0]["loc"][-1] in ("quarter", "start", "end")


@pytest.mark.parametrize(("year", "week"), [(1, 1), (9999, 52), (1899, 10)])
def test_the_week_sheet_at_the_calendars_ends_answers_not_found(
    personas: Any, client_for: Any, year: int, week: int
) -> None:
    page = client_for(personas.coach_a).get(f"/job-development/?year={year}&week={week}")
    assert page.status_code == 404


def test_a_contact_at_year_one_in_a_far_eastern_time_zone_is_refused(
    personas: Any, case: Any, api_for: Any
) -> None:
    enrolment = case("ips", started_on=datetime.date(2026, 1, 10))
    response = api_for(personas.coach_a).post(
        f"/api/enrolments/{enrolment.pk}/contacts",
        {"occurred_at": "0001-01-01T00:30:00+09:00", "mode": "in_person", "place": "office",
         "parties": ["participant"]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "occurred_at"
    assert not enrolment.contacts.exists()


@pytest.mark.parametrize("month", ["9999-12", "0001-01"])
def test_a_month_at_the_calendars_ends_is_not_a_page(
    personas: Any, client_for: Any, month: str
) -> None:
    client = client_for(personas.af_caseworker)
    page = client.get(f"/units/{personas.joint_team.pk}/activity-report/?month={month}")
    assert page.status_code == 404
