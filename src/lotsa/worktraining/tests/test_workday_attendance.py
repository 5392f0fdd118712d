"""The workday page of a work unit: the daily work group's attendance of a day, with sick
days and minutes late, the day's session made when attendance is first recorded."""

from __future__ import annotations

import datetime

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.cohorts.models import FOLLOW_UP_STATUSES, Attendance, AttendanceStatus, Session
from lotsa.cohorts.queries import cohorts_for_extract
from lotsa.cohorts.services import record_attendance
from lotsa.errors import DomainError, Forbidden
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import EnrolmentFactory, WorkUnitFactory
from lotsa.testing.queries import page_queries
from lotsa.worktraining.services.daily import record_workday_attendance

pytestmark = pytest.mark.django_db

DAYS = datetime.timedelta


def _url(work_group, day=None) -> str:
    url = f"/work-training/work-units/{work_group.work_unit.pk}/workday/"
    return f"{url}?day={day.isoformat()}" if day else url


def test_sick_is_no_absence_to_follow_up() -> None:
    assert AttendanceStatus.SICK not in FOLLOW_UP_STATUSES
    assert AttendanceStatus.SENT_HOME in FOLLOW_UP_STATUSES


def test_the_work_supervisor_records_the_day_and_its_session_is_made(
    work_group, client_for
) -> None:
    team = work_group.team
    late = work_group.join()
    sick = work_group.join()
    client = client_for(team.work_supervisor)

    response = client.post(
        _url(work_group),
        {
            f"member_{team.enrolment.pk}": "present",
            f"member_{late.pk}": "late",
            f"minutes_{late.pk}": "25",
            f"member_{sick.pk}": "sick",
        },
    )

    assert response.status_code == 302
    (session,) = Session.objects.filter(cohort=work_group.work_unit.cohort)
    assert session.starts_at.date() == TODAY
    recorded = {
        a.enrolment_id: (a.status, a.minutes_late)
        for a in Attendance.objects.filter(session=session)
    }
    assert recorded == {
        team.enrolment.pk: ("present", None),
        late.pk: ("late", 25),
        sick.pk: ("sick", None),
    }
    # Correcting the day keeps the one session of the day.
    client.post(_url(work_group), {f"member_{late.pk}": "present"})
    assert Session.objects.filter(cohort=work_group.work_unit.cohort).count() == 1
    assert Attendance.objects.get(session=session, enrolment=late).minutes_late is None
    html = client.get(_url(work_group)).content.decode()
    assert 'value="sick" selected' in html


def test_minutes_late_only_with_late_and_not_negative(work_group, client_for) -> None:
    team = work_group.team
    client = client_for(team.work_supervisor)
    member = f"member_{team.enrolment.pk}"
    minutes = f"minutes_{team.enrolment.pk}"

    with_present = client.post(_url(work_group), {member: "present", minutes: "10"})
    negative = client.post(_url(work_group), {member: "late", minutes: "-5"})

    assert with_present.status_code == negative.status_code == 400
    # The error summary leads to the field.
    assert f'href="#id_{minutes}"' in with_present.content.decode()
    assert with_present.context["form"].errors[minutes]
    assert negative.context["form"].errors[minutes]
    assert not Attendance.objects.exists()


def test_the_service_and_the_table_refuse_minutes_without_late(work_group) -> None:
    team = work_group.team
    with pytest.raises(DomainError) as refused:
        record_workday_attendance(
            actor=team.work_supervisor,
            work_unit=work_group.work_unit,
            day=TODAY,
            statuses={team.enrolment.pk: "sick"},
            minutes_late={team.enrolment.pk: 5},
        )
    assert "minutes_late" in refused.value.errors
    session = record_workday_attendance(
        actor=team.work_supervisor,
        work_unit=work_group.work_unit,
        day=TODAY,
        statuses={team.enrolment.pk: "late"},
        minutes_late={team.enrolment.pk: 5},
    )
    with pytest.raises(DomainError):
        record_attendance(
            actor=team.work_supervisor,
            session=session,
            statuses={team.enrolment.pk: "present"},
            minutes_late={team.enrolment.pk: 5},
        )


def test_a_future_day_another_work_unit_and_someone_outside_the_group_are_refused(
    work_group,
) -> None:
    team = work_group.team

    def record(work_unit=work_group.work_unit, day=TODAY, enrolment_id=team.enrolment.pk):
        with pytest.raises(DomainError) as refused:
            record_workday_attendance(
                actor=team.work_supervisor,
                work_unit=work_unit,
                day=day,
                statuses={enrolment_id: "present"},
            )
        return refused.value.errors

    outside = EnrolmentFactory.create(unit=team.unit, programme_model="knut_pv")

    assert "day" in record(day=TODAY + DAYS(days=1))
    assert "__all__" in record(work_unit=WorkUnitFactory.create(unit=team.unit, name="Kaféet"))
    assert list(record(enrolment_id=outside.pk)) == [f"member_{outside.pk}"]
    with pytest.raises(DomainError):
        record_workday_attendance(
            actor=team.work_supervisor, work_unit=work_group.work_unit, day=TODAY, statuses={}
        )
    assert not Session.objects.exists()


def test_a_manager_sees_the_day_but_may_not_record_it(work_group, client_for) -> None:
    team = work_group.team
    client = client_for(team.manager)

    page = client.get(_url(work_group))
    post = client.post(_url(work_group), {f"member_{team.enrolment.pk}": "present"})

    assert page.status_code == 200
    assert '<form method="post"' not in page.content.decode()
    assert post.status_code == 403
    assert not Attendance.objects.exists()
    assert AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor=team.manager).exists()
    with pytest.raises(Forbidden):
        record_workday_attendance(
            actor=team.manager,
            work_unit=work_group.work_unit,
            day=TODAY,
            statuses={team.enrolment.pk: "present"},
        )


def test_another_units_work_unit_is_not_found_and_logged(work_group, personas, client_for) -> None:
    response = client_for(personas.coach_a).get(_url(work_group))

    assert response.status_code == 404
    refusal = AuditEntry.objects.get(event=AuditEvent.ACCESS_DENIED, actor=personas.coach_a)
    assert refusal.object_type == "worktraining.workunit"


def test_a_bad_day_is_a_field_error(work_group, client_for) -> None:
    response = client_for(work_group.team.work_supervisor).get(
        f"/work-training/work-units/{work_group.work_unit.pk}/workday/?day=not-a-day"
    )
    assert response.status_code == 400
    assert response.context["day_form"].errors["day"]


def test_opening_the_day_names_the_group_in_the_audit_trail(work_group, client_for) -> None:
    other = work_group.join()
    client_for(work_group.team.work_supervisor).get(_url(work_group))

    viewed = AuditEntry.objects.get(event=AuditEvent.COHORT_VIEWED)
    assert viewed.changes["participants"] == sorted(
        [work_group.team.enrolment.participant_id, other.participant_id]
    )


def test_the_workday_page_costs_the_same_for_one_member_as_for_many(work_group, client_for) -> None:
    client = client_for(work_group.team.work_supervisor)
    record_workday_attendance(
        actor=work_group.team.work_supervisor,
        work_unit=work_group.work_unit,
        day=TODAY,
        statuses={work_group.team.enrolment.pk: "present"},
    )
    one = page_queries(client, _url(work_group))
    for _ in range(4):
        joined = work_group.join()
        record_workday_attendance(
            actor=work_group.team.work_supervisor,
            work_unit=work_group.work_unit,
            day=TODAY,
            statuses={joined.pk: "late"},
            minutes_late={joined.pk: 5},
        )
    assert page_queries(client, _url(work_group)) == one


def test_the_cohort_page_shows_sick_and_links_the_work_unit(work_group, client_for) -> None:
    team = work_group.team
    record_workday_attendance(
        actor=team.work_supervisor,
        work_unit=work_group.work_unit,
        day=TODAY,
        statuses={team.enrolment.pk: "sick"},
    )
    html = (
        client_for(team.work_supervisor)
        .get(f"/cohorts/{work_group.work_unit.cohort_id}/")
        .content.decode()
    )
    assert 'class="attendance-sick"' in html
    assert f"/work-training/work-units/{work_group.work_unit.pk}/workday/" in html


def test_the_register_extract_gives_sick_days_and_minutes_late(work_group) -> None:
    team = work_group.team
    for days_ago, status, minutes in ((1, "sick", None), (0, "late", 12)):
        record_workday_attendance(
            actor=team.work_supervisor,
            work_unit=work_group.work_unit,
            day=TODAY - DAYS(days=days_ago),
            statuses={team.enrolment.pk: status},
            minutes_late={team.enrolment.pk: minutes} if minutes is not None else None,
        )

    (membership,) = cohorts_for_extract([team.enrolment.pk])[team.enrolment.pk]

    assert [(row["status"], row["minutes_late"]) for row in membership["attendance"]] == [
        ("sick", None),
        ("late", 12),
    ]
