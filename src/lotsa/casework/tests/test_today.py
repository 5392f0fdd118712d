"""The Today page: a staff member's overdue and coming deadlines, meetings booked, absences to
follow up, jobs that ended and people not reached lately, and the morning e-mail choice."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.queries import today_for
from lotsa.casework.services import AttendeeInput, record_meeting
from lotsa.cohorts.services import add_member, create_cohort, record_attendance, schedule_session
from lotsa.employment.occupations import occupations
from lotsa.employment.services import record_four_paid_hours, register_employer, save_job
from lotsa.testing.casework import held_contact
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import swedish_org_number
from lotsa.testing.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def contact(personas: Any, enrolment: Any, day: datetime.date, place: str = "office") -> None:
    held_contact(personas.coach_a, enrolment, day, place=place)


@pytest.fixture
def day_of_work(personas: Any, case: Any) -> dict[str, Any]:
    """One coach's caseload with one of everything the Today page lists."""
    late = case("ips", started_on=days_ago(60))  # no employer contact after 60 days
    contact(personas, late, days_ago(2))
    due_soon = case("ips", started_on=days_ago(27))  # its 30-day deadlines fall in 3 days
    contact(personas, due_soon, days_ago(1))
    quiet = case("knut_pv", started_on=days_ago(90))
    contact(personas, quiet, days_ago(26))
    meeting_case = case("amia", started_on=days_ago(40))
    record_meeting(
        actor=personas.coach_a,
        enrolment=meeting_case,
        meeting_type="joint_follow_up",
        occurred_at=at(days_ago(3)),
        mode="face_to_face",
        place="office",
        attendees=[AttendeeInput("participant")],
        next_meeting_at=at(TODAY + datetime.timedelta(days=2), 14),
    )
    in_work = case("ips", started_on=days_ago(120))
    contact(personas, in_work, days_ago(5))
    employer = register_employer(
        actor=personas.coach_a,
        name="Verkstaden AB",
        country="SE",
        organisation_number=swedish_org_number(7),
        sector="private",
    )
    save_job(
        actor=personas.coach_a,
        enrolment=in_work,
        employer=employer,
        title="Montör",
        occupation_code=next(iter(occupations("SE"))),
        starts_on=days_ago(100),
        ends_on=days_ago(2),
        hours_per_week=Decimal("20"),
        hourly_wage=Decimal("160"),
        currency="SEK",
        form="open_market",
    )
    absent = case("jom", started_on=days_ago(30))
    contact(personas, absent, days_ago(20))
    cohort = create_cohort(
        actor=personas.coach_a,
        unit=personas.unit_a,
        programme_code="jom",
        name="Hold 7",
        starts_on=days_ago(25),
    )
    add_member(actor=personas.coach_a, cohort=cohort, enrolment=absent, joined_on=days_ago(25))
    session = schedule_session(
        actor=personas.coach_a, cohort=cohort, starts_at=at(days_ago(4), 9), duration_minutes=180
    )
    record_attendance(
        actor=personas.coach_a, session=session, statuses={absent.pk: "absent_no_notice"}
    )
    return {
        "late": late,
        "due_soon": due_soon,
        "quiet": quiet,
        "meeting": meeting_case,
        "in_work": in_work,
        "absent": absent,
    }


def test_today_lists_what_is_late_due_booked_and_unfollowed(personas, day_of_work) -> None:
    page = today_for(personas.coach_a, today=TODAY)
    overdue = {(line.row.enrolment, line.deadline.code) for line in page.overdue}
    assert (day_of_work["late"], "first_employer_contact") in overdue
    assert all(line.deadline.state == "overdue" for line in page.overdue)
    due = {(line.row.enrolment, line.deadline.code) for line in page.due_this_week}
    assert (day_of_work["due_soon"], "first_employer_contact") in due
    assert all(
        TODAY <= line.deadline.due_on <= TODAY + datetime.timedelta(days=7)
        for line in page.due_this_week
    )
    assert [m.contact.enrolment for m in page.meetings] == [day_of_work["meeting"]]
    assert [a.enrolment for a in page.absences] == [day_of_work["absent"]]
    (job_end,) = page.job_ends
    assert job_end.enrolment == day_of_work["in_work"]
    assert (job_end.contact_due_on, job_end.contacted, job_end.is_overdue) == (
        days_ago(2) + datetime.timedelta(days=3),
        False,
        False,
    )
    quiet = {row.enrolment for row in page.without_contact}
    assert day_of_work["quiet"] in quiet
    assert day_of_work["due_soon"] not in quiet


def test_a_contact_clears_the_absence_and_the_job_end(personas, day_of_work) -> None:
    contact(personas, day_of_work["absent"], days_ago(1))
    contact(personas, day_of_work["in_work"], days_ago(1))
    page = today_for(personas.coach_a, today=TODAY)
    assert page.absences == []
    assert [end.contacted for end in page.job_ends] == [True]


def test_the_today_page_shows_the_lists_and_is_audited(personas, day_of_work, client_for) -> None:
    page = client_for(personas.coach_a).get("/today/")
    assert page.status_code == 200
    html = page.content.decode()
    for enrolment in day_of_work.values():
        assert f'href="/cases/{enrolment.pk}/"' in html
    assert "Första personliga arbetsgivarkontakt inom 30 dagar" in html
    entry = AuditEntry.objects.filter(event=AuditEvent.CASELOAD_VIEWED).latest("pk")
    assert entry.object_type == "pathways.today"
    assert day_of_work["quiet"].participant_id in entry.changes["participants"]


def test_the_today_page_costs_the_same_however_many_cases(
    personas, case, day_of_work, client_for
) -> None:
    client = client_for(personas.coach_a)
    before = page_queries(client, "/today/")
    for _ in range(3):
        contact(personas, case("ips", started_on=days_ago(50)), days_ago(28))
        contact(personas, case("amia", started_on=days_ago(50)), days_ago(3))
    assert page_queries(client, "/today/") == before


def test_someone_without_a_role_in_a_unit_is_refused(personas, client_for) -> None:
    assert client_for(personas.analyst).get("/today/").status_code == 403


def test_the_morning_email_goes_only_to_those_who_chose_it(personas, day_of_work, client_for):
    personas.coach_a.email = "coach@example.org"
    personas.coach_a.save(update_fields=["email"])
    call_command("reminders", "--email", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []
    response = client_for(personas.coach_a).post(
        "/accounts/reminders/", {"daily_reminder_email": "on"}
    )
    assert response.status_code == 302
    personas.coach_a.refresh_from_db()
    assert personas.coach_a.daily_reminder_email is True
    change = AuditEntry.objects.filter(event=AuditEvent.USER_UPDATED).latest("pk")
    assert change.changes == {"daily_reminder_email": [False, True]}
    call_command("reminders", "--email", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [message.to for message in mail.outbox] == [["coach@example.org"]]
    client_for(personas.coach_a).post("/accounts/reminders/", {})
    personas.coach_a.refresh_from_db()
    assert personas.coach_a.daily_reminder_email is False


def test_today_asks_about_four_paid_hours_in_a_fixed_number_of_queries(
    personas, case, day_of_work, client_for
) -> None:
    client = client_for(personas.coach_a)
    (ended,) = today_for(personas.coach_a, today=TODAY).four_paid_hours
    assert ended.enrolment == day_of_work["in_work"]  # ended two days ago, never recorded
    html = client.get("/today/").content.decode()
    assert f'action="/jobs/{ended.pk}/four-paid-hours/"' in html
    assert 'name="next" value="/today/"' in html
    before = page_queries(client, "/today/")
    for _ in range(3):
        save_job(
            actor=personas.coach_a,
            enrolment=case("ips", started_on=days_ago(50)),
            employer=ended.employer,
            title="Montör",
            occupation_code=ended.occupation_code,
            starts_on=days_ago(3),
            hours_per_week=Decimal("20"),
            currency="SEK",
            form="open_market",
        )
    assert len(today_for(personas.coach_a, today=TODAY).four_paid_hours) == 4
    assert page_queries(client, "/today/") == before
    ended.enrolment = day_of_work["in_work"]
    record_four_paid_hours(actor=personas.coach_a, job=ended, four_paid_hours_on=days_ago(99))
    assert ended not in today_for(personas.coach_a, today=TODAY).four_paid_hours
