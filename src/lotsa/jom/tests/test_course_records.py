"""A participant's course records in their register extract, and blanked with the rest of the
case's free text when its retention time has passed."""

from __future__ import annotations

import datetime

import pytest

from lotsa.cohorts.models import CohortMember
from lotsa.jom.models import AdmissionAssessment, DevelopmentNote
from lotsa.jom.services import admission, contract
from lotsa.jom.tests.helpers import course_of
from lotsa.pathways.services import lifecycle
from lotsa.people.extract.views import Format, register_extract
from lotsa.retention import services as retention
from lotsa.testing.clock import TODAY, Clock
from lotsa.testing.personas import JomTeam

pytestmark = pytest.mark.django_db

LAST_MONDAY = TODAY - datetime.timedelta(days=TODAY.weekday() + 7)
FOUND = "Bekymret for at tale i grupper."
NOTE = "Har taget ordet to gange i smågruppen."


def _records(team: JomTeam) -> None:
    participant = team.enrolment.participant
    participant.birth_year = TODAY.year - 25
    participant.save()
    course = course_of(team)
    assessment = admission.assess_admission(
        actor=team.teacher,
        course=course,
        enrolment=team.enrolment,
        values=admission.AssessmentValues(
            interview_held_on=TODAY - datetime.timedelta(days=20),
            diagnosis_group="anxiety",
            treatment_status="in_treatment",
            substance_use="none",
            cognitive_barriers="none",
            open_to_group_work=False,
            note=FOUND,
        ),
    )
    admission.decide_admission(
        actor=team.teacher, assessment=assessment, decision="admitted", decided_on=TODAY
    )
    CohortMember.objects.create(cohort=course.cohort, enrolment=team.enrolment, joined_on=TODAY)
    contract.send_provider_report(
        actor=team.teacher,
        course=course,
        week_starting=LAST_MONDAY,
        notes={team.enrolment.pk: NOTE},
    )


def test_the_extract_holds_the_admission_and_the_development_notes(jom_team: JomTeam) -> None:
    _records(jom_team)

    extract = register_extract(
        jom_team.project_leader,
        jom_team.enrolment.participant,
        Format.JSON,
        organisations={jom_team.jobcentre.pk},
    )

    [enrolment] = extract["enrolments"]
    [assessment] = enrolment["jom_admissions"]
    assert (assessment["note"], assessment["advisory"], assessment["decision"]) == (
        FOUND,
        ["group_work"],
        "admitted",
    )
    assert [row["note"] for row in enrolment["jom_development_notes"]] == [NOTE]


def test_erasure_blanks_the_course_records_free_text(jom_team: JomTeam, clock: Clock) -> None:
    _records(jom_team)
    lifecycle.decline_referral(
        actor=jom_team.caseworker,
        enrolment=jom_team.enrolment,
        day=TODAY,
        reason="citizen_declined",
    )
    clock.move_to(TODAY.replace(year=TODAY.year + 30))

    retention.erase_due(today=clock.today(), dry_run=False)

    assert AdmissionAssessment.objects.get().note == ""
    assert DevelopmentNote.objects.get().note == ""
