"""Admission to a JOM course: the interview's findings get advice from the target group, the
party the organisation model names decides, and "not admitted" needs a reason."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, Forbidden
from lotsa.jom.eligibility import advise
from lotsa.jom.models import AdmissionDecision, Party
from lotsa.jom.services import admission
from lotsa.jom.tests.helpers import course_of
from lotsa.pathways.models import ChecklistEntry, EnrolmentStatus, Milestone
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import EnrolmentFactory
from lotsa.testing.personas import JomTeam
from lotsa.testing.queries import page_queries

pytestmark = pytest.mark.django_db

DAYS = datetime.timedelta
FITS = admission.AssessmentValues(
    interview_held_on=TODAY - DAYS(2),
    diagnosis_group="anxiety",
    treatment_status="in_treatment",
    substance_use="none",
    cognitive_barriers="none",
    open_to_group_work=True,
)


def _assess(team: JomTeam, course, values=FITS, enrolment=None):
    return admission.assess_admission(
        actor=team.teacher, course=course, enrolment=enrolment or team.enrolment, values=values
    )


def _birth_year_for_age(age: int) -> int:
    return TODAY.year - age


@pytest.mark.parametrize(
    ("change", "age", "advice"),
    [
        ({}, 25, []),
        ({}, 35, ["age"]),
        ({"substance_use": "active"}, 25, ["substance_use"]),
        ({"last_use_on": TODAY - DAYS(10)}, 25, ["substance_use"]),
        ({"last_use_on": TODAY - DAYS(40)}, 25, []),
        ({"cognitive_barriers": "marked"}, 25, ["cognitive_barriers"]),
        ({"treatment_status": "not_in_treatment", "open_to_group_work": False}, 25,
         ["treatment", "group_work"]),
        ({"diagnosis_group": "other"}, 25, ["diagnosis_group"]),
    ],
)  # fmt: skip
def test_the_target_group_advises(jom_team: JomTeam, change, age: int, advice) -> None:
    course = course_of(jom_team)

    found = dataclasses.replace(FITS, **change)

    assert advise(course.target_group, found, _birth_year_for_age(age), TODAY) == advice


def test_the_interview_is_recorded_with_its_advice_and_ticks(jom_team: JomTeam) -> None:
    course = course_of(jom_team)
    participant = jom_team.enrolment.participant
    participant.birth_year = _birth_year_for_age(40)
    participant.save()

    assessment = _assess(jom_team, course, dataclasses.replace(FITS, cognitive_barriers="marked"))

    assert assessment.advisory == ["age", "cognitive_barriers"]
    assert set(
        ChecklistEntry.objects.filter(enrolment=jom_team.enrolment).values_list(
            "item_code", flat=True
        )
    ) == {"admission_interview", "target_group_check"}
    entry = AuditEntry.objects.get(event=AuditEvent.ADMISSION_ASSESSED)
    assert entry.participant_id == participant.pk


def test_advice_does_not_block_admission(jom_team: JomTeam) -> None:
    course = course_of(jom_team)
    assessment = _assess(jom_team, course, dataclasses.replace(FITS, substance_use="active"))

    decided = admission.decide_admission(
        actor=jom_team.teacher, assessment=assessment, decision="admitted", decided_on=TODAY
    )

    assert (decided.decision, decided.decided_by, decided.decided_for) == (
        AdmissionDecision.ADMITTED,
        jom_team.teacher,
        Party.PROVIDER,
    )
    assert Milestone.objects.filter(enrolment=jom_team.enrolment, code="admitted").exists()


def test_not_admitted_needs_a_reason(jom_team: JomTeam) -> None:
    course = course_of(jom_team)
    assessment = _assess(jom_team, course)

    with pytest.raises(DomainError) as refused:
        admission.decide_admission(
            actor=jom_team.teacher, assessment=assessment, decision="not_admitted", decided_on=TODAY
        )
    assert "reason" in refused.value.errors
    with pytest.raises(DomainError) as refused:
        admission.decide_admission(
            actor=jom_team.teacher,
            assessment=assessment,
            decision="not_admitted",
            decided_on=TODAY,
            reason="other",
        )
    assert "reason_note" in refused.value.errors


def test_under_model_2_the_jobcentre_caseworker_may_not_decide(jom_team: JomTeam) -> None:
    course = course_of(jom_team, model=2)
    assessment = _assess(jom_team, course)

    with pytest.raises(Forbidden):
        admission.decide_admission(
            actor=jom_team.caseworker, assessment=assessment, decision="admitted", decided_on=TODAY
        )
    assert AuditEntry.objects.get(
        event=AuditEvent.ACCESS_DENIED, actor=jom_team.caseworker
    ).changes == {"action": "course.admission"}


def test_under_model_1_the_project_leader_decides_for_the_jobcentre(jom_team: JomTeam) -> None:
    course = course_of(jom_team, model=1)
    assessment = _assess(jom_team, course)

    decided = admission.decide_admission(
        actor=jom_team.project_leader, assessment=assessment, decision="admitted", decided_on=TODAY
    )

    assert decided.decided_for == Party.JOBCENTRE


def test_the_decision_form_answers_403_to_the_caseworker_under_model_2(
    jom_team: JomTeam, client_for
) -> None:
    course = course_of(jom_team, model=2)
    assessment = _assess(jom_team, course)
    client = client_for(jom_team.caseworker)

    assert client.get(f"/courses/{course.pk}/admissions/new/").status_code == 403
    response = client.post(
        f"/courses/admissions/{assessment.pk}/", {"decision": "admitted", "decided_on": TODAY}
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.decision == AdmissionDecision.PENDING


def test_not_admitted_on_the_page_declines_the_referral(jom_team: JomTeam, client_for) -> None:
    course = course_of(jom_team)
    assessment = _assess(jom_team, course)
    client = client_for(jom_team.teacher)

    missing = client.post(
        f"/courses/admissions/{assessment.pk}/",
        {"decision": "not_admitted", "decided_on": TODAY.isoformat()},
    )
    assert missing.status_code == 400
    assert "reason" in missing.context["form"].errors

    response = client.post(
        f"/courses/admissions/{assessment.pk}/",
        {"decision": "not_admitted", "decided_on": TODAY.isoformat(), "reason": "substance_use"},
    )

    assert response.status_code == 302
    jom_team.enrolment.refresh_from_db()
    assert jom_team.enrolment.status == EnrolmentStatus.DECLINED
    assert jom_team.enrolment.decline_reason == "substance_use"


def test_an_admission_of_another_unit_is_not_found(jom_team: JomTeam, personas, client_for) -> None:
    course = course_of(jom_team)
    assessment = _assess(jom_team, course)

    response = client_for(personas.coach_a).get(f"/courses/admissions/{assessment.pk}/")

    assert response.status_code == 404


def test_the_course_page_costs_the_same_however_many_admissions(
    jom_team: JomTeam, client_for
) -> None:
    course = course_of(jom_team)
    _assess(jom_team, course)
    client = client_for(jom_team.teacher)
    urls = [f"/courses/{course.pk}/", f"/courses/{course.pk}/admissions/new/"]
    one = [page_queries(client, url) for url in urls]

    for _ in range(3):
        enrolment = EnrolmentFactory.create(
            unit=jom_team.unit, programme_model="jom", status=EnrolmentStatus.REFERRED,
            phase="referral", start_date=None,
        )  # fmt: skip
        _assess(jom_team, course, enrolment=enrolment)
        EnrolmentFactory.create(
            unit=jom_team.unit, programme_model="jom", status=EnrolmentStatus.REFERRED,
            phase="referral", start_date=None,
        )  # fmt: skip

    assert [page_queries(client, url) for url in urls] == one


def test_admissions_waiting_are_on_today_in_a_fixed_number_of_queries(
    jom_team: JomTeam, client_for
) -> None:
    course = course_of(jom_team)
    assessment = _assess(jom_team, course)
    client = client_for(jom_team.caseworker)

    page = client.get("/today/")

    [item] = page.context["page"].record_items
    assert (item.url, item.day) == (f"/courses/admissions/{assessment.pk}/", FITS.interview_held_on)
    before = page_queries(client, "/today/")
    for _ in range(3):
        enrolment = EnrolmentFactory.create(
            unit=jom_team.unit, programme_model="jom", status=EnrolmentStatus.REFERRED,
            phase="referral", start_date=None, responsible_staff=jom_team.caseworker,
        )  # fmt: skip
        _assess(jom_team, course, enrolment=enrolment)
    assert len(client.get("/today/").context["page"].record_items) == 4
    assert page_queries(client, "/today/") == before
    admission.decide_admission(
        actor=jom_team.teacher, assessment=assessment, decision="admitted", decided_on=TODAY
    )
    assert len(client.get("/today/").context["page"].record_items) == 3
