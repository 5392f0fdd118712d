"""Aftercare: the level history with reasons (the milestone marks only the first start at each
level), the group's follow-up meetings, and education started or planned."""

from __future__ import annotations

import datetime

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.cohorts.models import CohortMember
from lotsa.errors import DomainError
from lotsa.jom.models import AftercareLevel, EducationStatus
from lotsa.jom.services import aftercare
from lotsa.jom.tests.conftest import InternshipCase
from lotsa.pathways.models import ChecklistEntry, Milestone
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import EnrolmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

DAYS = datetime.timedelta


def test_levels_keep_their_history_and_mark_each_level_once(
    internship_case: InternshipCase,
) -> None:
    case = internship_case
    steps = [
        (2, TODAY - DAYS(60), "Needs a weekly call"),
        (3, TODAY - DAYS(30), "Started work, support at the workplace"),
        (2, TODAY, "Managing well"),
    ]
    for level, day, reason in steps:
        aftercare.set_aftercare_level(
            actor=case.team.caseworker,
            enrolment=case.enrolment,
            level=level,
            starts_on=day,
            reason=reason,
        )

    history = list(
        AftercareLevel.objects.filter(enrolment=case.enrolment).values_list("level", "reason")
    )
    assert history == [(level, reason) for level, _day, reason in reversed(steps)]
    marked = dict(
        Milestone.objects.filter(
            enrolment=case.enrolment, code__startswith="aftercare_level"
        ).values_list("code", "occurred_on")
    )
    assert marked == {"aftercare_level_2": TODAY - DAYS(60), "aftercare_level_3": TODAY - DAYS(30)}
    changes = [
        (entry.changes["level"], entry.changes["from_level"])
        for entry in AuditEntry.objects.filter(event=AuditEvent.AFTERCARE_LEVEL_SET.value).order_by(
            "sequence"
        )
    ]
    assert changes == [(2, None), (3, 2), (2, 3)]


@pytest.mark.parametrize(
    ("level", "reason", "field"), [(4, "Too high", "level"), (2, "  ", "reason")]
)
def test_a_level_needs_1_to_3_and_a_reason(
    internship_case: InternshipCase, level: int, reason: str, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        aftercare.set_aftercare_level(
            actor=internship_case.team.caseworker,
            enrolment=internship_case.enrolment,
            level=level,
            starts_on=TODAY,
            reason=reason,
        )
    assert set(refused.value.errors) == {field}


def test_the_same_level_twice_is_not_a_change(internship_case: InternshipCase) -> None:
    def choose_level_1() -> None:
        aftercare.set_aftercare_level(
            actor=internship_case.team.caseworker,
            enrolment=internship_case.enrolment,
            level=1,
            starts_on=TODAY,
            reason="Light touch",
        )

    choose_level_1()
    with pytest.raises(DomainError) as again:
        choose_level_1()

    assert set(again.value.errors) == {"level"}
    assert AftercareLevel.objects.count() == 1


def test_a_group_meeting_marks_the_follow_up_of_those_present(
    internship_case: InternshipCase,
) -> None:
    case = internship_case
    absent = EnrolmentFactory.create(unit=case.team.unit, programme_model="jom", phase="referral")
    CohortMember.objects.create(cohort=case.course.cohort, enrolment=absent, joined_on=TODAY)
    outsider = EnrolmentFactory.create(unit=case.team.unit, programme_model="jom", phase="referral")

    with pytest.raises(DomainError) as not_member:
        aftercare.record_aftercare_meeting(
            actor=case.team.caseworker,
            cohort=case.course.cohort,
            held_on=TODAY,
            attendees=[case.enrolment, outsider],
        )
    meeting = aftercare.record_aftercare_meeting(
        actor=case.team.caseworker,
        cohort=case.course.cohort,
        held_on=TODAY,
        attendees=[case.enrolment],
        note="Talked about the first weeks at work",
    )

    assert set(not_member.value.errors) == {"attendees"}
    assert list(meeting.attendees.all()) == [case.enrolment]
    done = set(
        ChecklistEntry.objects.filter(item_code="aftercare_follow_up").values_list(
            "enrolment_id", flat=True
        )
    )
    assert done == {case.enrolment.pk}
    entry = AuditEntry.objects.get(event=AuditEvent.AFTERCARE_MEETING_RECORDED.value)
    assert entry.changes["participants"] == [case.enrolment.participant_id]


def test_planned_education_needs_its_start_date_and_a_second_entry_corrects(
    internship_case: InternshipCase,
) -> None:
    case = internship_case
    with pytest.raises(DomainError) as no_date:
        aftercare.record_education_status(
            actor=case.team.caseworker,
            enrolment=case.enrolment,
            point="six_months",
            state="planned",
        )
    aftercare.record_education_status(
        actor=case.team.caseworker,
        enrolment=case.enrolment,
        point="six_months",
        state="planned",
        education="Social and health care helper",
        planned_start_on=TODAY + DAYS(40),
    )
    aftercare.record_education_status(
        actor=case.team.caseworker,
        enrolment=case.enrolment,
        point="six_months",
        state="started",
        education="Social and health care helper",
    )

    assert set(no_date.value.errors) == {"planned_start_on"}
    [status] = EducationStatus.objects.all()
    assert (status.state, status.planned_start_on) == ("started", None)
