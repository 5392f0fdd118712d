"""A job start counts once four paid hours are worked: the day is asked for once the job has
started, on the job page and the Today page, and recorded through its service."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.employment.models import Job
from lotsa.employment.occupations import occupations
from lotsa.employment.services import record_four_paid_hours, save_job
from lotsa.errors import DomainError, EditConflict, NotFound
from lotsa.testing.clock import TODAY
from lotsa.testing.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
DAY = datetime.timedelta(days=1)


@pytest.fixture
def new_job(personas: Any, case: Any, employer: Any) -> Any:
    """A job of coach A's case, starting ``days`` from today (negative: in the past)."""

    def make(days: int) -> Job:
        return save_job(
            actor=personas.coach_a,
            enrolment=case("ips", started_on=TODAY - 60 * DAY),
            employer=employer,
            title="Lagerarbetare",
            occupation_code=next(iter(occupations("SE"))),
            starts_on=TODAY + days * DAY,
            hours_per_week=Decimal("20"),
            currency="SEK",
            form="open_market",
        )

    return make


def opened(job: Job) -> Job:
    """The job as a page gets it: with its enrolment."""
    return Job.objects.select_related("enrolment").get(pk=job.pk)


def test_the_day_is_recorded_with_its_audit_entry(personas: Any, new_job: Any) -> None:
    job = new_job(-5)
    saved = record_four_paid_hours(
        actor=personas.coach_a, job=opened(job), four_paid_hours_on=TODAY - 3 * DAY, version=1
    )
    job.refresh_from_db()
    assert (job.four_paid_hours_on, job.version) == (TODAY - 3 * DAY, 2)
    entry = AuditEntry.objects.filter(event=AuditEvent.JOB_SAVED).latest("pk")
    assert (entry.object_id, entry.participant_id) == (
        str(saved.pk),
        job.enrolment.participant_id,
    )
    assert entry.changes == {"four_paid_hours_on": [None, (TODAY - 3 * DAY).isoformat()]}


@pytest.mark.parametrize("day", [-6, 1])  # before the start, in the future
def test_the_day_is_neither_before_the_start_nor_in_the_future(
    personas: Any, new_job: Any, day: int
) -> None:
    job = new_job(-5)
    with pytest.raises(DomainError) as refused:
        record_four_paid_hours(
            actor=personas.coach_a, job=opened(job), four_paid_hours_on=TODAY + day * DAY
        )
    assert list(refused.value.errors) == ["four_paid_hours_on"]
    job.refresh_from_db()
    assert job.four_paid_hours_on is None and job.version == 1


def test_a_change_made_meanwhile_is_not_overwritten(personas: Any, new_job: Any) -> None:
    job = new_job(-5)
    with pytest.raises(EditConflict):
        record_four_paid_hours(
            actor=personas.coach_a, job=opened(job), four_paid_hours_on=TODAY, version=7
        )


def test_another_units_coach_may_not_record_it(personas: Any, new_job: Any) -> None:
    job = new_job(-5)
    with pytest.raises(NotFound):
        record_four_paid_hours(actor=personas.coach_b, job=opened(job), four_paid_hours_on=TODAY)
    job.refresh_from_db()
    assert job.four_paid_hours_on is None


def test_the_job_page_asks_once_the_job_has_started(
    personas: Any, new_job: Any, client_for: Any
) -> None:
    client = client_for(personas.coach_a)
    started, coming = new_job(-2), new_job(3)
    action = f'action="/jobs/{started.pk}/four-paid-hours/"'
    page = client.get(f"/jobs/{started.pk}/").content.decode()
    assert action in page
    assert f'value="{TODAY.isoformat()}"' in page and f'max="{TODAY.isoformat()}"' in page
    assert f'min="{started.starts_on.isoformat()}"' in page
    assert 'id="id_four_paid_hours_on"' in page  # the change form asks for it too
    later = client.get(f"/jobs/{coming.pk}/").content.decode()
    assert "/four-paid-hours/" not in later
    assert 'id="id_four_paid_hours_on"' not in later
    queries_asked = page_queries(client, f"/jobs/{started.pk}/")
    record_four_paid_hours(actor=personas.coach_a, job=opened(started), four_paid_hours_on=TODAY)
    answered = client.get(f"/jobs/{started.pk}/").content.decode()
    assert action not in answered
    assert page_queries(client, f"/jobs/{started.pk}/") == queries_asked


def test_the_one_click_form_goes_back_where_it_was_asked(
    personas: Any, new_job: Any, client_for: Any
) -> None:
    client = client_for(personas.coach_a)
    job = new_job(-4)
    url = f"/jobs/{job.pk}/four-paid-hours/"
    answer = client.post(
        url, {"four_paid_hours_on": TODAY.isoformat(), "version": "1", "next": "/today/"}
    )
    assert (answer.status_code, answer.url) == (302, "/today/")
    job.refresh_from_db()
    assert job.four_paid_hours_on == TODAY


def test_a_wrong_day_is_shown_next_to_the_field(
    personas: Any, new_job: Any, client_for: Any
) -> None:
    client = client_for(personas.coach_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    job = new_job(-4)
    url = f"/jobs/{job.pk}/four-paid-hours/"
    early = client.post(url, {"four_paid_hours_on": (TODAY - 5 * DAY).isoformat()})
    assert early.status_code == 400
    assert early.context["form"].errors["four_paid_hours_on"] == [
        "The hours cannot be worked before the job starts."
    ]
    future = client.post(url, {"four_paid_hours_on": (TODAY + DAY).isoformat(), "next": "//x.se"})
    assert future.status_code == 400
    assert list(future.context["form"].errors) == ["four_paid_hours_on"]
    assert future.context["next"] == f"/jobs/{job.pk}/"  # never another site
    assert client.post(url, {"four_paid_hours_on": "someday"}).status_code == 400
    job.refresh_from_db()
    assert job.four_paid_hours_on is None
    assert client_for(personas.coach_b).post(url, {"four_paid_hours_on": ""}).status_code == 404
