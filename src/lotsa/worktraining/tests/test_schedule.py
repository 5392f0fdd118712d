"""Weekly schedules of a work unit: lines for one participant or the whole group, published
to the participants, who read only their own lines and the group's in their own space."""

from __future__ import annotations

import datetime

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, Forbidden
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import ParticipantAccountFactory
from lotsa.testing.queries import page_queries
from lotsa.worktraining.models import ScheduleEntry, WeeklySchedule
from lotsa.worktraining.services.daily import (
    EntryInput,
    add_schedule_entry,
    monday_of,
    publish_schedule,
    remove_schedule_entry,
)
from lotsa.worktraining.tests.records_helpers import english

pytestmark = pytest.mark.django_db

MONDAY = monday_of(TODAY)
MORNING = (datetime.time(8, 0), datetime.time(12, 0))


def _line(work_group, activity, *, enrolment=None, weekday=0, week=MONDAY) -> ScheduleEntry:
    return add_schedule_entry(
        actor=work_group.team.work_supervisor,
        work_unit=work_group.work_unit,
        week_starting=week,
        entry=EntryInput(weekday, *MORNING, activity, enrolment=enrolment, place="Verkstaden"),
    )


def _published(work_group, *lines) -> WeeklySchedule:
    schedule = WeeklySchedule.objects.get(work_unit=work_group.work_unit, week_starting=MONDAY)
    return publish_schedule(actor=work_group.team.work_supervisor, schedule=schedule)


@pytest.fixture
def schedule_for_two(work_group):
    """This week: a line for the whole group, one for the team's participant, one for another
    member; published."""
    other = work_group.join()
    _line(work_group, "Morgonsamling")
    _line(work_group, "Slipa stolar", enrolment=work_group.team.enrolment, weekday=3)
    _line(work_group, "Måla bänkar", enrolment=other, weekday=3)
    _published(work_group)
    return other


def _me(participant, client_for):
    return client_for(ParticipantAccountFactory.create(participants=[participant]).user)


def test_a_participant_reads_their_own_lines_and_the_groups(
    work_group, schedule_for_two, client_for
) -> None:
    client = _me(work_group.team.enrolment.participant, client_for)

    html = client.get("/me/schedule/").content.decode()

    assert "Morgonsamling" in html
    assert "Slipa stolar" in html
    assert "Måla bänkar" not in html
    read = AuditEntry.objects.get(event=AuditEvent.OWN_RECORD_VIEWED)
    assert read.participant_id == work_group.team.enrolment.participant_id


def test_the_other_member_sees_their_line_not_the_first_ones(
    work_group, schedule_for_two, client_for
) -> None:
    html = _me(schedule_for_two.participant, client_for).get("/me/schedule/").content.decode()

    assert "Måla bänkar" in html
    assert "Slipa stolar" not in html


def test_an_unpublished_week_is_not_shown(work_group, client_for) -> None:
    _line(work_group, "Inventering")
    html = (
        _me(work_group.team.enrolment.participant, client_for).get("/me/schedule/").content.decode()
    )
    assert "Inventering" not in html


def test_someone_outside_the_group_sees_no_schedule(
    work_group, schedule_for_two, personas, client_for
) -> None:
    html = _me(personas.own, client_for).get("/me/schedule/").content.decode()

    assert "Morgonsamling" not in html


def test_staff_cannot_open_the_participants_schedule_page(work_group, client_for) -> None:
    assert client_for(work_group.team.work_supervisor).get("/me/schedule/").status_code == 404


def test_the_staff_page_adds_a_line_and_publishes_the_week(work_group, client_for) -> None:
    team = work_group.team
    client = client_for(team.work_supervisor)
    url = f"/work-training/work-units/{work_group.work_unit.pk}/schedule/?week={TODAY.isoformat()}"

    added = client.post(
        url,
        {
            "form": "entry",
            "enrolment": team.enrolment.pk,
            "weekday": "2",
            "starts_at": "09:00",
            "ends_at": "11:30",
            "activity": "Lackering",
        },
    )
    published = client.post(url, {"form": "publish"})

    assert added.status_code == published.status_code == 302
    schedule = WeeklySchedule.objects.get()
    version = schedule.versions.get()
    assert (schedule.week_starting, version.number, version.published_by) == (
        MONDAY,
        1,
        team.work_supervisor,
    )
    assert schedule.entries.get().enrolment == version.lines.get().enrolment == team.enrolment
    assert AuditEntry.objects.filter(event=AuditEvent.SCHEDULE_PUBLISHED).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": "07:00"}, "ends_at"),
        ({"activity": " "}, "activity"),
    ],
)
def test_a_line_is_refused_on_its_field(work_group, client_for, change, field) -> None:
    response = client_for(work_group.team.work_supervisor).post(
        f"/work-training/work-units/{work_group.work_unit.pk}/schedule/",
        {
            "form": "entry",
            "weekday": "1",
            "starts_at": "08:00",
            "ends_at": "12:00",
            "activity": "Städning",
            **change,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not ScheduleEntry.objects.exists()


def test_an_empty_week_and_a_week_not_from_monday_are_refused(work_group) -> None:
    with pytest.raises(DomainError) as not_monday:
        _line(work_group, "Städning", week=MONDAY + datetime.timedelta(days=1))
    assert list(not_monday.value.errors) == ["week_starting"]
    empty = WeeklySchedule.objects.create(work_unit=work_group.work_unit, week_starting=MONDAY)
    with pytest.raises(DomainError):
        publish_schedule(actor=work_group.team.work_supervisor, schedule=empty)


def test_a_manager_may_not_plan_the_week(work_group, client_for) -> None:
    with pytest.raises(Forbidden):
        add_schedule_entry(
            actor=work_group.team.manager,
            work_unit=work_group.work_unit,
            week_starting=MONDAY,
            entry=EntryInput(0, *MORNING, "Städning"),
        )


def test_removing_a_line_of_another_unit_is_not_found(
    work_group, schedule_for_two, personas, client_for
) -> None:
    entry = ScheduleEntry.objects.first()
    response = client_for(personas.coach_a).post(
        f"/work-training/schedule-entries/{entry.pk}/remove/"
    )
    assert response.status_code == 404
    assert ScheduleEntry.objects.filter(pk=entry.pk).exists()
    removed = client_for(work_group.team.work_supervisor).post(
        f"/work-training/schedule-entries/{entry.pk}/remove/"
    )
    assert removed.status_code == 302
    assert not ScheduleEntry.objects.filter(pk=entry.pk).exists()


def _activities(lines) -> set[str]:  # type: ignore[no-untyped-def]
    return {line.activity for line in lines}


@pytest.fixture
def republished(work_group, schedule_for_two, clock):
    """The week changed the next day: the other member's line taken out, one added for the
    team's participant, and published again."""
    clock.advance(days=1)
    remove_schedule_entry(
        actor=work_group.team.work_supervisor,
        entry=ScheduleEntry.objects.get(activity="Måla bänkar"),
    )
    _line(work_group, "Lackera", enrolment=work_group.team.enrolment, weekday=4)
    _published(work_group)
    return schedule_for_two


def test_publishing_a_changed_week_keeps_each_version_with_what_it_said(
    work_group, republished
) -> None:
    schedule = WeeklySchedule.objects.get(work_unit=work_group.work_unit, week_starting=MONDAY)

    first, second = schedule.versions.order_by("number")

    assert (first.number, second.number) == (1, 2)
    assert _activities(first.lines.all()) == {"Morgonsamling", "Slipa stolar", "Måla bänkar"}
    assert _activities(second.lines.all()) == {"Morgonsamling", "Slipa stolar", "Lackera"}
    assert first.published_by == second.published_by == work_group.team.work_supervisor
    assert (second.published_at.date() - first.published_at.date()).days == 1
    published = list(
        AuditEntry.objects.filter(event=AuditEvent.SCHEDULE_PUBLISHED).order_by("sequence")
    )
    assert [(e.changes["version"], e.changes["replaced"]) for e in published] == [
        (1, None),
        (2, 1),
    ]
    # The member whose line the new version took away is named too.
    assert republished.participant_id in published[-1].changes["participants"]


def test_a_week_unchanged_since_it_was_published_is_not_published_again(
    work_group, schedule_for_two
) -> None:
    schedule = WeeklySchedule.objects.get(work_unit=work_group.work_unit)

    with pytest.raises(DomainError) as refused:
        publish_schedule(actor=work_group.team.work_supervisor, schedule=schedule)

    assert str(refused.value.errors["__all__"][0]).startswith("Nothing has changed")
    assert schedule.versions.count() == 1


def test_a_participant_reads_the_week_as_last_published_and_when_it_changed(
    work_group, schedule_for_two, client_for, clock
) -> None:
    account = ParticipantAccountFactory.create(participants=[work_group.team.enrolment.participant])
    me = english(client_for(account.user))
    _line(work_group, "Lackera", enrolment=work_group.team.enrolment, weekday=4)

    unpublished = me.get("/me/schedule/")

    assert "Slipa stolar" in unpublished.content.decode()
    assert "Lackera" not in unpublished.content.decode()
    assert "Changed on" not in unpublished.content.decode()
    assert unpublished.context["weeks"][0].changed_on is None

    clock.advance(days=1)
    remove_schedule_entry(
        actor=work_group.team.work_supervisor,
        entry=ScheduleEntry.objects.get(activity="Slipa stolar"),
    )
    _published(work_group)
    changed = english(client_for(account.user)).get("/me/schedule/")

    html = changed.content.decode()
    assert "Lackera" in html and "Slipa stolar" not in html and "Måla bänkar" not in html
    assert "Changed on" in html
    (week,) = changed.context["weeks"]
    assert week.changed_on == TODAY + datetime.timedelta(days=1)


def test_the_staff_page_shows_what_the_participants_were_shown_before_the_change(
    work_group, republished, client_for
) -> None:
    client = english(client_for(work_group.team.work_supervisor))
    url = f"/work-training/work-units/{work_group.work_unit.pk}/schedule/?week={MONDAY}"

    response = client.get(url)

    html = response.content.decode()
    assert "What the participants were shown" in html
    week = response.context["week"]
    assert [version.number for version, _days in week.published_days] == [2, 1]
    earlier_days = dict(week.published_days[1][1])
    thursday = MONDAY + datetime.timedelta(days=3)
    assert _activities(earlier_days[thursday]) == {"Slipa stolar", "Måla bänkar"}
    assert "Måla bänkar" in html and republished.participant.display_name in html
    assert not week.changed_since_published
    assert 'value="publish"' not in html
    viewed = AuditEntry.objects.filter(event=AuditEvent.COHORT_VIEWED).latest("sequence")
    assert republished.participant_id in viewed.changes["participants"]

    _line(work_group, "Inventering", weekday=2)
    changed = client.get(url)
    assert changed.context["week"].changed_since_published
    assert "Changed since then" in changed.content.decode()
    assert 'value="publish"' in changed.content.decode()


# The staff page: the session and its user, the user's roles, the work unit, the week's
# schedule, its lines, its versions and their lines, the group, and the view's audit entry.
STAFF_PAGE_QUERIES = 10
# The participant's page: the session and its user, the lines of their weeks as last
# published, the participants the view is logged for, and its audit entry.
OWN_PAGE_QUERIES = 5


def test_the_pages_cost_the_same_for_one_version_as_for_many(work_group, client_for) -> None:
    staff = client_for(work_group.team.work_supervisor)
    me = _me(work_group.team.enrolment.participant, client_for)
    staff_url = f"/work-training/work-units/{work_group.work_unit.pk}/schedule/"
    _line(work_group, "Morgonsamling")
    _published(work_group)
    staff_one, me_one = page_queries(staff, staff_url), page_queries(me, "/me/schedule/")
    for weekday in range(1, 5):
        _line(work_group, "Snickeri", enrolment=work_group.join(), weekday=weekday)
        _line(work_group, "Lunch", enrolment=work_group.team.enrolment, weekday=weekday)
        _published(work_group)

    assert page_queries(staff, staff_url) == staff_one == STAFF_PAGE_QUERIES
    assert page_queries(me, "/me/schedule/") == me_one == OWN_PAGE_QUERIES
