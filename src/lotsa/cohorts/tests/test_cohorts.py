from __future__ import annotations

import datetime

import pytest

from lotsa.accounts.services import save_language
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.queries import case_record
from lotsa.casework.services import record_contact
from lotsa.cohorts.models import Attendance
from lotsa.cohorts.queries import cohort_page
from lotsa.cohorts.services import add_member, create_cohort, record_attendance, schedule_session
from lotsa.errors import DomainError, Forbidden
from lotsa.testing.clock import FROZEN_AT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
START = datetime.date(2026, 1, 10)


@pytest.fixture
def jom_cohort(personas, case):  # type: ignore[no-untyped-def]
    cohort = create_cohort(
        actor=personas.coach_a,
        unit=personas.unit_a,
        programme_code="jom",
        name="Hold 1",
        starts_on=START,
    )
    members = [case("jom", started_on=START) for _ in range(3)]
    for enrolment in members:
        add_member(actor=personas.coach_a, cohort=cohort, enrolment=enrolment, joined_on=START)
    session = schedule_session(
        actor=personas.coach_a,
        cohort=cohort,
        starts_at=datetime.datetime(2026, 1, 12, 9, 0, tzinfo=datetime.UTC),
        duration_minutes=180,
    )
    return cohort, members, session


def test_only_group_based_models_the_unit_runs_have_cohorts(personas, case) -> None:
    with pytest.raises(DomainError) as error:
        create_cohort(
            actor=personas.coach_a,
            unit=personas.unit_a,
            programme_code="ips",
            name="IPS-grupp",
            starts_on=START,
        )
    assert "programme_code" in error.value.errors
    with pytest.raises(Forbidden):
        create_cohort(
            actor=personas.coach_b,
            unit=personas.unit_a,
            programme_code="jom",
            name="Hold",
            starts_on=START,
        )


def test_size_guidance_is_a_warning(personas, jom_cohort) -> None:
    cohort, members, _session = jom_cohort
    page = cohort_page(cohort)
    assert page.size_warning == "8–10" and len(page.members) == 3


def test_a_member_far_from_the_group_in_age_is_pointed_out(personas, jom_cohort, case) -> None:
    cohort, members, _session = jom_cohort
    older = case("jom", started_on=START)
    older.participant.birth_year = 1950
    older.participant.save(update_fields=["birth_year"])
    add_member(actor=personas.coach_a, cohort=cohort, enrolment=older, joined_on=START)
    assert [m.enrolment for m in cohort_page(cohort).age_outliers] == [older]


def test_attendance_and_absence_follow_up(personas, jom_cohort) -> None:
    cohort, members, session = jom_cohort
    first, second, third = members
    record_attendance(
        actor=personas.coach_a,
        session=session,
        statuses={first.pk: "present", second.pk: "absent_no_notice", third.pk: "absent_notice"},
    )
    page = cohort_page(cohort)
    assert page.grid[(session.pk, second.pk)] == "absent_no_notice"
    assert [a.enrolment for a in page.open_absences] == [second]
    assert [(a.status, a.followed_up) for a in case_record(second)["absences"]] == [
        ("absent_no_notice", False)
    ]
    record_contact(
        actor=personas.coach_a,
        enrolment=second,
        occurred_at=datetime.datetime(2026, 1, 13, 10, 0, tzinfo=datetime.UTC),
        mode="phone",
        place="office",
        parties=["participant"],
    )
    assert cohort_page(cohort).open_absences == []
    assert [a.followed_up for a in case_record(second)["absences"]] == [True]
    assert case_record(first)["absences"] == []
    record_attendance(actor=personas.coach_a, session=session, statuses={second.pk: "late"})
    assert Attendance.objects.get(session=session, enrolment=second).status == "late"
    assert (
        AuditEntry.objects.filter(
            event=AuditEvent.ATTENDANCE_RECORDED, participant_id=second.participant_id
        ).count()
        == 2
    )


def test_attendance_only_for_members_and_known_statuses(personas, jom_cohort, case) -> None:
    cohort, members, session = jom_cohort
    outsider = case("jom", started_on=START)
    with pytest.raises(DomainError):
        record_attendance(
            actor=personas.coach_a, session=session, statuses={outsider.pk: "present"}
        )
    with pytest.raises(DomainError):
        record_attendance(
            actor=personas.coach_a, session=session, statuses={members[0].pk: "asleep"}
        )
    future = schedule_session(
        actor=personas.coach_a,
        cohort=cohort,
        starts_at=FROZEN_AT + datetime.timedelta(days=2),
        duration_minutes=60,
    )
    with pytest.raises(DomainError):
        record_attendance(
            actor=personas.coach_a, session=future, statuses={members[0].pk: "present"}
        )
    assert not Attendance.objects.exists()


def test_cohort_pages(personas, jom_cohort, client_for) -> None:
    cohort, members, session = jom_cohort
    client = client_for(personas.coach_a)
    page = client.get(f"/cohorts/{cohort.pk}/")
    assert page.status_code == 200 and members[0].participant.display_name in page.content.decode()
    response = client.post(
        f"/cohorts/{cohort.pk}/sessions/{session.pk}/attendance/",
        {f"member_{members[0].pk}": "sent_home", f"member_{members[1].pk}": "present"},
    )
    assert response.status_code == 302
    assert Attendance.objects.get(enrolment=members[0]).status == "sent_home"
    case_page = client.get(f"/cases/{members[0].pk}/").content.decode()
    assert "Hold 1" in case_page
    assert client_for(personas.coach_b).get(f"/cohorts/{cohort.pk}/").status_code == 404
    created = client.post(
        f"/units/{personas.unit_a.pk}/cohorts/",
        {"name": "Hold 2", "programme_code": "jom", "starts_on": "2026-03-01"},
    )
    assert created.status_code == 302
    duplicate = client.post(
        f"/units/{personas.unit_a.pk}/cohorts/",
        {"name": "Hold 2", "programme_code": "jom", "starts_on": "2026-03-01"},
    )
    assert duplicate.status_code == 400


def test_amia_runs_its_group_activities_as_cohorts(personas, case, client_for) -> None:
    with pytest.raises(DomainError) as no_activity:
        create_cohort(
            actor=personas.coach_a,
            unit=personas.unit_a,
            programme_code="amia",
            name="AMiA-grupp",
            starts_on=START,
        )
    assert set(no_activity.value.errors) == {"programme_code"}
    with pytest.raises(DomainError) as unknown:
        create_cohort(
            actor=personas.coach_a,
            unit=personas.unit_a,
            programme_code="amia",
            activity="yoga_retreat",
            name="Fel",
            starts_on=START,
        )
    assert set(unknown.value.errors) == {"activity"}
    members = [case("amia", started_on=START) for _ in range(3)]
    redo = create_cohort(
        actor=personas.coach_a,
        unit=personas.unit_a,
        programme_code="amia",
        activity="redo",
        name="ReDO vår",
        starts_on=START,
    )
    for enrolment in members:
        add_member(actor=personas.coach_a, cohort=redo, enrolment=enrolment, joined_on=START)
    assert cohort_page(redo).size_warning == "6–8"
    page = client_for(personas.coach_a).get(f"/cohorts/{redo.pk}/").content.decode()
    assert "ReDO – vardagsrevidering i grupp" in page
    assert "6–8 deltagare under 16 veckor" in page
    created = client_for(personas.coach_a).post(
        f"/units/{personas.unit_a.pk}/cohorts/",
        {"name": "Kom igång höst", "programme_code": "amia", "activity": "get_started",
         "starts_on": "2026-09-01"},
    )  # fmt: skip
    assert created.status_code == 302
    assert redo.__class__.objects.get(name="Kom igång höst").activity == "get_started"


@pytest.mark.parametrize(
    ("language", "header", "start"),
    [("da", ">12.1.</a>", "10.01.2026"), ("sv", ">12/1</a>", "2026-01-10")],
)
def test_the_attendance_header_dates_read_day_first(
    personas, jom_cohort, client_for, language, header, start
) -> None:
    """A session on 12 January heads its column as the reader writes the day, never "01-12",
    which a Danish reader takes for the first of December."""
    cohort, _members, _session = jom_cohort
    save_language(user=personas.coach_a, language=language)
    page = client_for(personas.coach_a).get(f"/cohorts/{cohort.pk}/").content.decode()
    assert header in page and start in page
    assert ">01-12</a>" not in page
