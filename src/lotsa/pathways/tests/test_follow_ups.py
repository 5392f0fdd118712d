"""Follow-up statuses (JOM six months after the end, AMiA 90 days after the Work-Life Introduction)."""

from __future__ import annotations

import datetime

import pytest

from lotsa.audit.models import AuditEntry
from lotsa.dates import add_months
from lotsa.employment.models import COMPETITIVE, Job
from lotsa.employment.rules import is_competitive
from lotsa.errors import DomainError, NotFound
from lotsa.pathways.models import FollowUp, Milestone
from lotsa.pathways.services.enrolment_records import record_follow_up, record_milestone
from lotsa.pathways.services.lifecycle import exit_enrolment

D = datetime.date
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def _six_months(actor, enrolment, status, day):
    return record_follow_up(
        actor=actor, enrolment=enrolment, code="six_months_after_end", status=status, day=day
    )


def test_a_follow_up_six_months_after_the_end_is_recorded_with_its_milestone(personas, case):
    enrolment = case("jom", referred_on=D(2025, 1, 10), started_on=D(2025, 1, 20))
    with pytest.raises(DomainError) as not_yet:
        _six_months(personas.coach_a, enrolment, "job", D(2025, 9, 1))
    assert "code" in not_yet.value.errors
    exit_enrolment(
        actor=personas.coach_a, enrolment=enrolment, day=D(2025, 6, 30), reason="education"
    )
    with pytest.raises(DomainError) as unknown:
        _six_months(personas.coach_a, enrolment, "astronaut", D(2026, 1, 5))
    assert "status" in unknown.value.errors
    with pytest.raises(DomainError) as too_early:
        _six_months(personas.coach_a, enrolment, "job", D(2025, 6, 1))
    assert "day" in too_early.value.errors
    follow_up = _six_months(personas.coach_a, enrolment, "job", D(2026, 1, 5))
    assert follow_up.status == "job"
    assert Milestone.objects.get(enrolment=enrolment, code="status_6_months").occurred_on == D(
        2026, 1, 5
    )
    assert AuditEntry.objects.filter(
        event="follow_up.record", participant_id=enrolment.participant_id
    ).exists()
    with pytest.raises(DomainError):
        _six_months(personas.coach_a, enrolment, "education", D(2026, 1, 6))
    with pytest.raises(NotFound):
        _six_months(personas.coach_b, enrolment, "job", D(2026, 1, 6))


def test_the_case_page_records_the_amia_status_after_the_work_life_introduction(
    personas, case, client_for
):
    enrolment = case("amia", referred_on=D(2026, 1, 5), started_on=D(2026, 1, 12))
    record_milestone(
        actor=personas.coach_a, enrolment=enrolment, code="ali_end", day=D(2026, 4, 30)
    )
    client = client_for(personas.coach_a)
    page = client.get(f"/cases/{enrolment.pk}/").content.decode()
    assert "2026-07-29" in page  # due 90 days after the end of the introduction
    bad = client.post(
        f"/cases/{enrolment.pk}/follow-ups/",
        {"status": "ninety_days_after_ali:work", "day": "2026-04-01"},
    )
    assert bad.status_code == 400
    response = client.post(
        f"/cases/{enrolment.pk}/follow-ups/",
        {"status": "ninety_days_after_ali:studies", "day": "2026-07-30"},
    )
    assert response.status_code == 302
    assert FollowUp.objects.get(enrolment=enrolment).status == "studies"


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2025, 6, 30), 6) == D(2025, 12, 30)


@pytest.mark.parametrize(
    "changes",
    [{}, {"form": "subsidised"}, {"reserved_for_disability": True}, {"paid_customary_wage": False},
     {"time_limited_by_programme": True}],
)  # fmt: skip
def test_the_database_rule_for_competitive_jobs_agrees_with_the_python_rule(
    personas, case, changes
):
    from lotsa.outcomes.tests.data import job

    made = job(case("ips", started_on=D(2026, 1, 12)), D(2026, 2, 1), **changes)
    assert Job.objects.filter(COMPETITIVE, pk=made.pk).exists() == is_competitive(made)
