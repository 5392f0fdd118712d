"""Two staff editing one job: the edit made from an older version is refused with a message to
reload, instead of silently overwriting the first."""

from __future__ import annotations

import datetime

import pytest

from lotsa.employment.models import Job
from lotsa.employment.services import save_job
from lotsa.employment.tests.test_employment import job_fields
from lotsa.errors import EditConflict

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 1, 10)


def test_a_job_edit_from_an_older_version_is_refused(personas, case, employer) -> None:
    enrolment = case("ips", started_on=START)
    job = save_job(actor=personas.coach_a, enrolment=enrolment, **job_fields(employer))
    first, second = Job.objects.get(pk=job.pk), Job.objects.get(pk=job.pk)
    save_job(
        actor=personas.coach_a,
        enrolment=enrolment,
        job=first,
        version=1,
        **job_fields(employer, title="Butiksbiträde"),
    )
    with pytest.raises(EditConflict):
        save_job(
            actor=personas.colleague_a,
            enrolment=enrolment,
            job=second,
            version=1,
            **job_fields(employer, hours_per_week=30),
        )
    saved = Job.objects.get(pk=job.pk)
    assert (saved.title, saved.hours_per_week, saved.version) == ("Butiksbiträde", 20, 2)


def test_the_job_page_and_api_refuse_an_edit_from_an_older_version(
    personas, case, employer, client_for, api_for
) -> None:
    enrolment = case("ips", started_on=START)
    job = save_job(actor=personas.coach_a, enrolment=enrolment, **job_fields(employer))
    page = client_for(personas.coach_a)
    form = page.get(f"/jobs/{job.pk}/").context["form"]
    assert form.initial["version"] == 1
    api = api_for(personas.colleague_a)
    body = {
        "employer_id": employer.pk,
        "title": "Kassör",
        "occupation_code": job.occupation_code,
        "starts_on": "2026-02-02",
        "hours_per_week": "20",
        "currency": "SEK",
        "form": "open_market",
        "version": 1,
    }
    changed = api.put(f"/api/jobs/{job.pk}", body, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    refused = api.put(f"/api/jobs/{job.pk}", body, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "version"]
    data = {
        name: value.pk if hasattr(value, "pk") else value
        for name, value in form.initial.items()
        if value not in (None, "")
    }
    stale = page.post(f"/jobs/{job.pk}/", data | {"title": "Lagerchef"})
    assert stale.status_code == 400
    assert "Någon annan har ändrat detta sedan du öppnade det" in stale.content.decode()
    assert Job.objects.get(pk=job.pk).title == "Kassör"
