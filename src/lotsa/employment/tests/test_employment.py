from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from lotsa.casework.queries import case_record
from lotsa.casework.services import record_contact
from lotsa.employment.models import Employer, EmployerContact, Job
from lotsa.employment.occupations import occupations
from lotsa.employment.queries import follow_along, profile_prompt, week_sheet
from lotsa.employment.rules import is_competitive
from lotsa.employment.services import (
    DuplicateEmployer,
    record_employer_contact,
    register_employer,
    save_job,
    save_profile,
)
from lotsa.employment.tests.conftest import ORG_NUMBER
from lotsa.errors import DomainError, Forbidden
from lotsa.testing.clock import TODAY
from lotsa.testing.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
START = datetime.date(2026, 1, 10)


def code() -> str:
    return next(iter(occupations("SE")))


def job_fields(employer, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "employer": employer,
        "title": "Lagerarbetare",
        "occupation_code": code(),
        "starts_on": datetime.date(2026, 2, 2),
        "hours_per_week": Decimal("20"),
        "hourly_wage": Decimal("150"),
        "currency": "SEK",
        "form": "open_market",
    }
    return values | overrides


def test_organisation_numbers_are_validated_and_unique(personas, employer) -> None:
    assert employer.organisation_number == ORG_NUMBER
    with pytest.raises(DuplicateEmployer) as duplicate:
        register_employer(
            actor=personas.coach_b,
            name="Samma",
            country="SE",
            organisation_number=ORG_NUMBER.replace("-", ""),
            sector="public",
        )
    assert duplicate.value.existing_id == employer.pk
    with pytest.raises(DomainError) as bad:
        register_employer(
            actor=personas.coach_a,
            name="Fel",
            country="SE",
            organisation_number=ORG_NUMBER[:-1] + "0"
            if ORG_NUMBER[-1] != "0"
            else ORG_NUMBER[:-1] + "1",
            sector="private",
        )
    assert "organisation_number" in bad.value.errors
    with pytest.raises(Forbidden):
        register_employer(
            actor=personas.analyst,
            name="X",
            country="DK",
            organisation_number="13585520",
            sector="private",
        )


@pytest.mark.parametrize(
    ("overrides", "competitive"),
    [
        ({}, True),
        ({"form": "subsidised"}, False),
        ({"form": "internship"}, False),
        ({"form": "volunteer"}, False),
        ({"form": "other"}, False),
        ({"paid_customary_wage": False}, False),
        ({"reserved_for_disability": True}, False),
        ({"time_limited_by_programme": True}, False),
    ],
)
def test_the_competitive_rule(personas, case, employer, overrides, competitive) -> None:
    job = save_job(
        actor=personas.coach_a,
        enrolment=case("ips", started_on=START),
        **job_fields(employer, **overrides),
    )
    assert is_competitive(job) is competitive


def test_a_job_start_closes_the_search_deadlines_as_not_applicable(
    personas, case, employer
) -> None:
    enrolment = case("ips", started_on=START)
    starts_on = datetime.date(2026, 1, 20)
    before = {d.code: d.state for d in case_record(enrolment, today=TODAY)["deadlines"]}
    assert before["first_employer_contact"] == "overdue"
    save_job(
        actor=personas.coach_a, enrolment=enrolment, **job_fields(employer, starts_on=starts_on)
    )
    after = {d.code: d for d in case_record(enrolment, today=TODAY)["deadlines"]}
    for code in ("first_employer_contact", "profile_started"):
        assert (after[code].state, after[code].met_on) == ("not_applicable", starts_on)


def test_job_starts_set_the_milestones(personas, case, employer) -> None:
    enrolment = case("ips", started_on=START)
    save_job(
        actor=personas.coach_a,
        enrolment=enrolment,
        **job_fields(employer, form="subsidised", starts_on=datetime.date(2026, 2, 1)),
    )
    save_job(
        actor=personas.coach_a,
        enrolment=enrolment,
        **job_fields(employer, starts_on=datetime.date(2026, 3, 1)),
    )
    milestones = dict(enrolment.milestones.values_list("code", "occurred_on"))
    assert milestones["first_job_start"] == datetime.date(2026, 2, 1)
    assert milestones["first_competitive_job_start"] == datetime.date(2026, 3, 1)
    assert enrolment.jobs.count() == 2  # several jobs at once


def test_a_face_to_face_contact_on_a_participants_behalf_sets_their_milestone(
    personas, case, employer
) -> None:
    enrolment = case("ips", started_on=START)
    record_employer_contact(
        actor=personas.coach_a,
        employer=employer,
        unit=personas.unit_a,
        occurred_on=datetime.date(2026, 1, 20),
        purpose="present_candidate",
        enrolments=[enrolment],
    )
    assert enrolment.milestones.get(code="first_employer_contact").occurred_on == datetime.date(
        2026, 1, 20
    )


def test_contacts_on_behalf_of_participants_the_user_may_not_see_are_refused(
    personas, case, employer
) -> None:
    enrolment = case("ips", started_on=START)
    with pytest.raises(DomainError) as refused:
        record_employer_contact(
            actor=personas.coach_b,
            employer=employer,
            unit=personas.unit_b,
            occurred_on=START,
            purpose="follow_up",
            enrolments=[enrolment],
        )
    assert "enrolments" in refused.value.errors
    assert not EmployerContact.objects.exists()


def test_follow_along_timing_around_a_job_start() -> None:
    job = Job(starts_on=datetime.date(2026, 3, 2), ends_on=None)
    states = {d.code: d.state for d in follow_along(job, [], datetime.date(2026, 2, 20))}
    assert states["job_before_start"] == "upcoming"
    states = {d.code: d.state for d in follow_along(job, [], datetime.date(2026, 2, 25))}
    assert states["job_before_start"] == "due"
    statuses = {
        d.code: d
        for d in follow_along(job, [datetime.date(2026, 2, 27)], datetime.date(2026, 3, 6))
    }
    assert statuses["job_before_start"].state == "met"
    assert statuses["job_first_days"].state == "overdue" and statuses[
        "job_first_days"
    ].due_on == datetime.date(2026, 3, 5)
    statuses = {
        d.code: d
        for d in follow_along(
            job, [datetime.date(2026, 3, 4), datetime.date(2026, 3, 10)], datetime.date(2026, 3, 12)
        )
    }
    assert statuses["job_first_days"].state == "met" and statuses["job_week_1"].state == "met"
    assert statuses["job_week_2"].met_on == datetime.date(2026, 3, 10)
    later = {
        d.code: d
        for d in follow_along(job, [datetime.date(2026, 4, 20)], datetime.date(2026, 6, 1))
    }
    assert (
        later["job_monthly"].due_on == datetime.date(2026, 5, 20)
        and later["job_monthly"].state == "overdue"
    )
    ended = Job(starts_on=datetime.date(2026, 3, 2), ends_on=datetime.date(2026, 4, 1))
    assert follow_along(ended, [], datetime.date(2026, 6, 1)) == []


def test_follow_along_from_jobs_read_already_equals_reading_them(personas, case, employer) -> None:
    from lotsa.casework.queries import case_record
    from lotsa.employment.queries import jobs_of

    enrolment = case("ips", started_on=START)
    for starts, ends in [(-2, None), (-40, -10), (-20, 5)]:
        save_job(
            actor=personas.coach_a,
            enrolment=enrolment,
            **job_fields(
                employer,
                starts_on=TODAY + datetime.timedelta(days=starts),
                ends_on=TODAY + datetime.timedelta(days=ends) if ends is not None else None,
            ),
        )

    def deadlines(**jobs: object) -> list[tuple[str, object, str]]:
        return sorted(
            (d.code, d.due_on, d.state) for d in case_record(enrolment, **jobs)["deadlines"]
        )

    read_here = deadlines()
    assert [code for code, *_ in read_here].count("job_first_days") == 2  # the two current jobs
    assert deadlines(jobs=jobs_of(enrolment)) == read_here


def test_follow_along_contacts_are_linked_to_the_job(personas, case, employer) -> None:
    enrolment = case("ips", started_on=START)
    job = save_job(
        actor=personas.coach_a,
        enrolment=enrolment,
        **job_fields(employer, starts_on=TODAY - datetime.timedelta(days=2)),
    )
    record_contact(
        actor=personas.coach_a,
        enrolment=enrolment,
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        mode="face_to_face",
        place="workplace",
        parties=["participant", "employer"],
        job=job,
    )
    from lotsa.casework.queries import case_record

    deadlines = {d.code: d.state for d in case_record(enrolment)["deadlines"]}
    assert deadlines["job_first_days"] == "met"
    other = case("ips", started_on=START)
    with pytest.raises(DomainError):
        record_contact(
            actor=personas.coach_a,
            enrolment=other,
            occurred_at=timezone.now(),
            mode="phone",
            place="office",
            parties=["participant"],
            job=job,
        )


def test_weekly_face_to_face_counting_follows_iso_weeks(personas, employer) -> None:
    for day, face in (
        (datetime.date(2026, 1, 4), True),
        (datetime.date(2026, 1, 5), True),
        (datetime.date(2026, 1, 11), True),
        (datetime.date(2026, 1, 11), False),
        (datetime.date(2026, 1, 12), True),
    ):
        record_employer_contact(
            actor=personas.coach_a,
            employer=employer,
            unit=personas.unit_a,
            occurred_on=day,
            purpose="first_meeting",
            face_to_face=face,
            next_step="Ring tillbaka",
            next_step_on=day + datetime.timedelta(days=3),
        )
    sheet = week_sheet(personas.coach_a, 2026, 2)  # Monday 5 January to Sunday 11 January
    assert (sheet.monday, sheet.sunday) == (datetime.date(2026, 1, 5), datetime.date(2026, 1, 11))
    assert (sheet.face_to_face, sheet.target, len(sheet.contacts)) == (2, 6, 3)
    assert week_sheet(personas.coach_a, 2026, 1).face_to_face == 1
    assert sheet.relationships == [employer]
    assert [c.occurred_on for c in sheet.open_next_steps] == [datetime.date(2026, 1, 12)]
    assert sheet.previous == (2026, 1) and sheet.following == (2026, 3)


def test_a_new_profile_version_is_prompted_after_a_job_start_and_end(
    personas, case, employer
) -> None:
    enrolment = case("ips", started_on=START)
    save_profile(
        actor=personas.coach_a,
        enrolment=enrolment,
        written_on=datetime.date(2026, 1, 15),
        strengths="Noggrann",
    )
    assert enrolment.milestones.filter(code="profile_started").exists()
    assert profile_prompt(enrolment, [], list(enrolment.profiles.all())) is None
    job = save_job(
        actor=personas.coach_a,
        enrolment=enrolment,
        **job_fields(employer, starts_on=datetime.date(2026, 2, 2)),
    )
    assert profile_prompt(enrolment, [job], list(enrolment.profiles.all())) == datetime.date(
        2026, 2, 2
    )
    save_profile(actor=personas.coach_a, enrolment=enrolment, written_on=datetime.date(2026, 2, 10))
    assert profile_prompt(enrolment, [job], list(enrolment.profiles.order_by("-version"))) is None
    job = save_job(
        actor=personas.coach_a,
        enrolment=enrolment,
        job=job,
        **job_fields(
            employer,
            starts_on=datetime.date(2026, 2, 2),
            ends_on=datetime.date(2026, 3, 1),
            end_reason="quit",
        ),
    )
    assert profile_prompt(
        enrolment, [job], list(enrolment.profiles.order_by("-version"))
    ) == datetime.date(2026, 3, 1)
    assert list(enrolment.profiles.values_list("version", flat=True).order_by("version")) == [1, 2]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": datetime.date(2026, 1, 1)}, "ends_on"),
        ({"hours_per_week": Decimal("-5")}, "hours_per_week"),
        ({"hourly_wage": Decimal("-1")}, "hourly_wage"),
        ({"occupation_code": "0000"}, "occupation_code"),
        ({"end_reason": "quit"}, "end_reason"),
    ],
)
def test_bad_jobs_are_refused(personas, case, employer, overrides, field) -> None:
    enrolment = case("ips", started_on=START)
    with pytest.raises(DomainError) as refused:
        save_job(actor=personas.coach_a, enrolment=enrolment, **job_fields(employer, **overrides))
    assert field in refused.value.errors
    assert not Job.objects.exists()


def test_job_and_employer_pages_cost_the_same_whatever_the_history(
    personas, case, employer, client_for
) -> None:
    client = client_for(personas.coach_a)
    enrolment = case("ips", started_on=START)
    job = save_job(
        actor=personas.coach_a,
        enrolment=enrolment,
        **job_fields(employer, starts_on=datetime.date(2026, 2, 2)),
    )
    pages = [
        f"/jobs/{job.pk}/",
        f"/employers/{employer.pk}/",
        "/employers/",
        "/job-development/",
        f"/units/{personas.unit_a.pk}/jobs/",
        f"/cases/{enrolment.pk}/",
    ]
    before = [page_queries(client, url) for url in pages]
    for day in range(20):
        when = datetime.date(2026, 2, 3) + datetime.timedelta(days=day)
        record_employer_contact(
            actor=personas.coach_a,
            employer=employer,
            unit=personas.unit_a,
            occurred_on=when,
            purpose="follow_up",
            enrolments=[enrolment],
        )
        record_contact(
            actor=personas.coach_a,
            enrolment=enrolment,
            occurred_at=timezone.make_aware(datetime.datetime.combine(when, datetime.time(9))),
            mode="phone",
            place="office",
            parties=["participant"],
            job=job,
        )
        save_job(
            actor=personas.coach_a, enrolment=case("ips", started_on=START), **job_fields(employer)
        )
    assert [page_queries(client, url) for url in pages] == before


def test_employment_pages_and_api_refuse_bad_input(
    personas, case, employer, client_for, api_for
) -> None:
    enrolment = case("ips", started_on=START)
    client = client_for(personas.coach_a)
    bad = client.post(
        f"/cases/{enrolment.pk}/jobs/new/",
        {
            "employer": employer.pk,
            "title": "X",
            "occupation_code": "4322",
            "starts_on": "2026-02-02",
            "ends_on": "2026-01-01",
            "hours_per_week": "-3",
            "currency": "SEK",
            "form": "open_market",
        },
    )
    assert bad.status_code == 400
    assert {"hours_per_week", "ends_on"} <= set(bad.context["form"].errors)
    api = api_for(personas.coach_a)
    response = api.post(
        f"/api/enrolments/{enrolment.pk}/jobs",
        {
            "employer_id": employer.pk,
            "title": "X",
            "occupation_code": "0000",
            "starts_on": "2026-02-02",
            "hours_per_week": "20",
            "currency": "SEK",
            "form": "open_market",
        },
        content_type="application/json",
    )
    assert (
        response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "occupation_code"
    )
    stranger = case("ips", started_on=START)
    response = api_for(personas.coach_b).post(
        f"/api/employers/{employer.pk}/contacts",
        {
            "unit_id": personas.unit_b.pk,
            "occurred_on": "2026-01-20",
            "purpose": "follow_up",
            "enrolment_ids": [stranger.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 404, "another unit's participant answers as an unknown one"
    assert not stranger.employer_contacts.exists()
    ok = api.post(
        f"/api/enrolments/{enrolment.pk}/jobs",
        {
            "employer_id": employer.pk,
            "title": "Kock",
            "occupation_code": code(),
            "starts_on": "2026-02-02",
            "hours_per_week": "30",
            "hourly_wage": "160.50",
            "currency": "SEK",
            "form": "open_market",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["competitive"] is True
    duplicate = api.post(
        "/api/employers",
        {"name": "Igen", "country": "SE", "organisation_number": ORG_NUMBER, "sector": "private"},
        content_type="application/json",
    )
    assert duplicate.status_code == 422 and duplicate.json()["existing_id"] == employer.pk
    assert Employer.objects.count() == 1
