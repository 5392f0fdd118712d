"""A JOM course: the team leader runs a cohort as a course under an organisation model, the
timetable is generated into the cohort and edited by hand, and the course page shows who
does what."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.cohorts.models import Attendance, AttendanceStatus, CohortMember, Session
from lotsa.errors import DomainError, Forbidden
from lotsa.jom.models import Block, Course, Module, SessionPlan
from lotsa.jom.services import course as course_services
from lotsa.jom.tests.helpers import SHAPE, course_of, jom_cohort
from lotsa.testing.factories import CohortFactory
from lotsa.testing.personas import JomTeam
from lotsa.testing.queries import page_queries

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_team_leader_runs_a_cohort_as_a_course(jom_team: JomTeam) -> None:
    course = course_of(jom_team, with_records=False)

    assert (course.organisation_model, course.teaching_weeks) == (2, 2)
    entry = AuditEntry.objects.get(event=AuditEvent.COURSE_SAVED)
    assert entry.object_id == str(course.pk)
    assert entry.changes["teaching_weekdays"] == [0, 1, 2, 3]


def test_a_coach_may_not_set_up_a_course(jom_team: JomTeam) -> None:
    with pytest.raises(Forbidden):
        course_services.save_course(
            actor=jom_team.caseworker, cohort=jom_cohort(jom_team), values=SHAPE
        )
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=jom_team.caseworker
    ).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"teaching_weeks": 3}, "teaching_weeks"),
        ({"preparation_weeks": 5}, "preparation_weeks"),
        ({"teaching_weekdays": []}, "teaching_weekdays"),
        ({"internship_teaching_weekday": 7}, "internship_teaching_weekday"),
    ],
)
def test_a_shape_outside_the_model_is_refused_on_its_field(
    jom_team: JomTeam, change: dict[str, object], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        course_services.save_course(
            actor=jom_team.project_leader,
            cohort=jom_cohort(jom_team),
            values=dataclasses.replace(SHAPE, **change),  # type: ignore[arg-type]
        )
    assert field in refused.value.errors


def test_a_cohort_of_another_model_is_not_a_course(jom_team: JomTeam) -> None:
    cohort = CohortFactory.create(unit=jom_team.unit, programme_code="ips")

    with pytest.raises(DomainError) as refused:
        course_services.save_course(actor=jom_team.project_leader, cohort=cohort, values=SHAPE)
    assert "cohort" in refused.value.errors


def test_the_timetable_is_generated_into_the_cohort(jom_team: JomTeam) -> None:
    course = course_of(jom_team, with_records=False)

    course_services.generate_timetable(actor=jom_team.project_leader, course=course)

    plans = list(
        SessionPlan.objects.filter(session__cohort=course.cohort).select_related("session")
    )
    assert len([p for p in plans if p.block == Block.TEACHING]) == 8
    assert len([p for p in plans if p.block == Block.INTERNSHIP]) == 12
    course.cohort.refresh_from_db()
    assert course.cohort.ends_on == D(2027, 5, 9)
    entry = AuditEntry.objects.get(event=AuditEvent.TIMETABLE_GENERATED)
    assert entry.changes["sessions"] == 20


def test_generating_again_keeps_the_sessions_edited_or_attended(jom_team: JomTeam, clock) -> None:
    course = course_of(jom_team, with_records=False)
    course_services.generate_timetable(actor=jom_team.project_leader, course=course)
    first, second = SessionPlan.objects.filter(session__cohort=course.cohort)[:2]
    course_services.save_session_plan(
        actor=jom_team.teacher,
        plan=first,
        values=course_services.SessionValues(
            day=D(2027, 2, 1),
            starts_at=datetime.time(10, 0),
            duration_minutes=120,
            module=Module.OTHER,
            profession="psychologist",
            teacher=jom_team.teacher,
        ),
    )
    member = CohortMember.objects.create(
        cohort=course.cohort, enrolment=jom_team.enrolment, joined_on=D(2026, 12, 1)
    )
    Attendance.objects.create(
        session=second.session,
        enrolment=member.enrolment,
        status=AttendanceStatus.PRESENT,
        recorded_by=jom_team.teacher,
    )

    course_services.generate_timetable(
        actor=jom_team.project_leader, course=course, closed_days=[D(2027, 3, 26)]
    )

    first.refresh_from_db()
    assert (first.module, first.edited, first.session.duration_minutes) == (Module.OTHER, True, 120)
    assert SessionPlan.objects.filter(pk=second.pk).exists()
    days = {s.starts_at.date() for s in Session.objects.filter(cohort=course.cohort)}
    assert D(2027, 3, 26) not in days
    assert Session.objects.filter(cohort=course.cohort).count() == 19


def test_a_session_teacher_must_be_a_member_of_the_unit(jom_team: JomTeam, personas) -> None:
    course = course_of(jom_team, with_records=False)
    course_services.generate_timetable(actor=jom_team.project_leader, course=course)
    plan = SessionPlan.objects.filter(session__cohort=course.cohort).first()
    assert plan is not None

    with pytest.raises(DomainError) as refused:
        course_services.save_session_plan(
            actor=jom_team.teacher,
            plan=plan,
            values=course_services.SessionValues(
                day=D(2027, 2, 1),
                starts_at=datetime.time(9, 0),
                duration_minutes=240,
                module=Module.COPING,
                profession="psychologist",
                teacher=personas.coach_a,
            ),
        )
    assert "teacher" in refused.value.errors


def test_the_course_page_shows_who_does_what(jom_team: JomTeam, client_for) -> None:
    course = course_of(jom_team)

    response = client_for(jom_team.caseworker).get(f"/courses/{course.pk}/")

    assert response.status_code == 200
    rows = {row.task: row for row in response.context["page"].tasks}
    assert rows["admission"].staff == [jom_team.teacher]
    assert jom_team.company_consultant in rows["internship_agreements"].staff
    assert "Psykologhuset Test" in response.content.decode()
    assert AuditEntry.objects.filter(
        event=AuditEvent.COHORT_VIEWED, actor=jom_team.caseworker
    ).exists()


def test_the_course_page_speaks_danish(jom_team: JomTeam, client_for) -> None:
    course = course_of(jom_team)
    client = client_for(jom_team.caseworker)
    client.cookies["django_language"] = "da"

    text = client.get(f"/courses/{course.pk}/", HTTP_ACCEPT_LANGUAGE="da").content.decode()

    assert "Organisationsmodel" in text


def test_a_course_of_another_unit_is_not_found(jom_team: JomTeam, personas, client_for) -> None:
    course = course_of(jom_team)

    response = client_for(personas.coach_a).get(f"/courses/{course.pk}/")

    assert response.status_code == 404
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=personas.coach_a
    ).exists()


@pytest.mark.parametrize("path", ["edit/", "timetable/"])
def test_a_coach_gets_403_on_the_set_up(jom_team: JomTeam, client_for, path: str) -> None:
    course = course_of(jom_team)

    response = client_for(jom_team.caseworker).post(f"/courses/{course.pk}/{path}", {})

    assert response.status_code == 403


def test_the_course_form_refuses_three_teaching_weeks_on_its_field(
    jom_team: JomTeam, client_for
) -> None:
    course = course_of(jom_team)
    data = {
        "organisation_model": "2",
        "preparation_weeks": "2",
        "teaching_weeks": "3",
        "teaching_weekdays": ["0", "1", "2", "3"],
        "internship_weeks": "12",
        "internship_teaching_weekday": "4",
    }

    response = client_for(jom_team.project_leader).post(f"/courses/{course.pk}/edit/", data)

    assert response.status_code == 400
    assert "teaching_weeks" in response.context["form"].errors


def test_the_pages_cost_the_same_however_many_sessions(jom_team: JomTeam, client_for) -> None:
    course = course_of(jom_team, teaching_weeks=2, internship_weeks=1)
    course_services.generate_timetable(actor=jom_team.project_leader, course=course)
    client = client_for(jom_team.project_leader)
    urls = [f"/courses/{course.pk}/", f"/courses/{course.pk}/timetable/"]
    few = [page_queries(client, url) for url in urls]

    course = course_services.save_course(
        actor=jom_team.project_leader,
        cohort=course.cohort,
        course=course,
        values=dataclasses.replace(
            SHAPE,
            teaching_weeks=4,
            internship_weeks=12,
            provider_contract=course.provider_contract,
            target_group=course.target_group,
        ),
    )
    course_services.generate_timetable(actor=jom_team.project_leader, course=course)

    assert [page_queries(client, url) for url in urls] == few


def _first_plan(course: Course) -> SessionPlan:
    course_services.generate_timetable(actor=course.created_by, course=course)
    plan = SessionPlan.objects.filter(session__cohort=course.cohort).first()
    assert plan is not None
    return plan


def test_the_teacher_edits_a_session_on_its_page(jom_team: JomTeam, client_for) -> None:
    course = course_of(jom_team)
    plan = _first_plan(course)
    url = f"/courses/{course.pk}/timetable/{plan.pk}/"
    values = {
        "day": "2027-02-02",
        "starts_at": "10:00",
        "duration_minutes": "150",
        "module": Module.SMALL_GROUPS,
        "profession": "psychologist",
        "teacher": jom_team.teacher.pk,
        "venue": "Lokale 3",
    }

    assert client_for(jom_team.caseworker).post(url, values).status_code == 403
    response = client_for(jom_team.teacher).post(url, values)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.module, plan.teacher, plan.venue, plan.edited) == (
        Module.SMALL_GROUPS,
        jom_team.teacher,
        "Lokale 3",
        True,
    )
    assert plan.session.duration_minutes == 150


def test_a_session_of_another_course_is_not_found(jom_team: JomTeam, client_for) -> None:
    course = course_of(jom_team)
    plan = _first_plan(course)
    other = course_services.save_course(
        actor=jom_team.project_leader,
        cohort=jom_cohort(jom_team, name="Hold efterår"),
        values=SHAPE,
    )

    response = client_for(jom_team.teacher).get(f"/courses/{other.pk}/timetable/{plan.pk}/")

    assert response.status_code == 404


def test_the_team_leader_generates_the_timetable_with_closed_days(
    jom_team: JomTeam, client_for
) -> None:
    course = course_of(jom_team)
    client = client_for(jom_team.project_leader)

    wrong = client.post(f"/courses/{course.pk}/timetable/", {"closed_days": "25.3.2027"})
    assert wrong.status_code == 400
    assert "closed_days" in wrong.context["form"].errors
    response = client.post(f"/courses/{course.pk}/timetable/", {"closed_days": "2027-03-26"})

    assert response.status_code == 302
    days = {s.starts_at.date() for s in Session.objects.filter(cohort=course.cohort)}
    assert len(days) == 19
    assert D(2027, 3, 26) not in days


def test_the_cohort_page_leads_to_its_course(jom_team: JomTeam, client_for) -> None:
    cohort = jom_cohort(jom_team)
    client = client_for(jom_team.project_leader)

    assert (
        f"/courses/cohorts/{cohort.pk}/new/"
        in client.get(f"/cohorts/{cohort.pk}/").content.decode()
    )
    response = client.post(
        f"/courses/cohorts/{cohort.pk}/new/",
        {
            "organisation_model": "3",
            "preparation_weeks": "1",
            "teaching_weeks": "4",
            "teaching_weekdays": ["0", "1", "2", "3"],
            "internship_weeks": "12",
            "internship_teaching_weekday": "4",
        },
    )

    assert response.status_code == 302
    course = cohort.course
    assert course.organisation_model == 3
    assert f"/courses/{course.pk}/" in client.get(f"/cohorts/{cohort.pk}/").content.decode()


def test_a_coach_may_not_run_a_cohort_as_a_course(jom_team: JomTeam, client_for) -> None:
    cohort = jom_cohort(jom_team)

    assert (
        client_for(jom_team.caseworker).get(f"/courses/cohorts/{cohort.pk}/new/").status_code == 403
    )
