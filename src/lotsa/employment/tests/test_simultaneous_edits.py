"""Two staff editing one job, employer or vocational profile: the edit made from an older version is refused with a message to
reload, instead of silently overwriting the first."""

from __future__ import annotations

import datetime

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.employment.models import Employer, Job
from lotsa.employment.services import EMPLOYER_FIELDS, change_employer, save_job, save_profile
from lotsa.employment.tests.test_employment import job_fields
from lotsa.errors import EditConflict

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 1, 10)


def employer_fields(employer: Employer, **changes: object) -> dict[str, object]:
    return {name: getattr(employer, name) for name in EMPLOYER_FIELDS} | changes


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


def test_an_employer_edit_from_an_older_version_is_refused(personas, employer) -> None:
    first, second = Employer.objects.get(pk=employer.pk), Employer.objects.get(pk=employer.pk)
    change_employer(
        actor=personas.coach_a, employer=first, version=1, **employer_fields(employer, name="Nya")
    )
    with pytest.raises(EditConflict):
        change_employer(
            actor=personas.colleague_a,
            employer=second,
            version=1,
            **employer_fields(employer, municipality="Lund"),
        )
    saved = Employer.objects.get(pk=employer.pk)
    assert (saved.name, saved.municipality, saved.version) == ("Nya", "", 2)
    entry = AuditEntry.objects.filter(event=AuditEvent.EMPLOYER_SAVED).order_by("pk").last()
    assert entry is not None and entry.changes["name"] == ["Testbolaget AB", "Nya"]


def test_the_employer_page_and_api_refuse_an_edit_from_an_older_version(
    personas, employer, client_for, api_for
) -> None:
    url = f"/employers/{employer.pk}/"
    page = client_for(personas.coach_a)
    form = page.get(url).context["employer_form"]
    assert form.initial["version"] == 1
    api = api_for(personas.colleague_a)
    body = employer_fields(employer, name="Kassabolaget AB") | {"version": 1}
    changed = api.put(f"/api/employers/{employer.pk}", body, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    refused = api.put(f"/api/employers/{employer.pk}", body, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "version"]
    unnamed = body | {"version": None}
    refused = api.put(f"/api/employers/{employer.pk}", unnamed, content_type="application/json")
    assert refused.status_code == 422
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    stale = page.post(url, data | {"form": "employer", "name": "Lagerbolaget AB"})
    assert stale.status_code == 400
    assert "version" not in stale.context["form"].errors
    assert stale.context["form"].non_field_errors()
    assert stale.context["employer"].name == "Kassabolaget AB"
    assert Employer.objects.get(pk=employer.pk).name == "Kassabolaget AB"
    fresh = page.get(url).context["employer_form"].initial
    done = page.post(url, data | fresh | {"form": "employer", "name": "Lagerbolaget AB"})
    assert done.status_code == 302
    assert Employer.objects.get(pk=employer.pk).name == "Lagerbolaget AB"


def test_a_profile_written_from_an_older_version_is_refused(
    personas, case, client_for, api_for
) -> None:
    enrolment = case("ips", started_on=START)
    url = f"/cases/{enrolment.pk}/profile/"
    page = client_for(personas.coach_a)
    assert page.get(url).context["form"].initial["version"] == 0
    api = api_for(personas.colleague_a)
    body = {"written_on": "2026-02-02", "strengths": "Noggrann", "version": 0}
    saved = api.post(
        f"/api/enrolments/{enrolment.pk}/profiles", body, content_type="application/json"
    )
    assert saved.status_code == 201 and saved.json()["version"] == 1
    stale = page.post(url, {"written_on": "2026-02-03", "strengths": "Snabb", "version": 0})
    assert stale.status_code == 400
    assert stale.context["form"].non_field_errors()
    refused = api.post(
        f"/api/enrolments/{enrolment.pk}/profiles", body, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "version"]
    with pytest.raises(EditConflict):
        save_profile(actor=personas.coach_a, enrolment=enrolment, version=0, written_on=START)
    assert page.get(url).context["form"].initial["version"] == 1
    assert list(enrolment.profiles.values_list("strengths", flat=True)) == ["Noggrann"]
