"""Today asks the work supervisor about the day's attendance at their work units."""

from __future__ import annotations

import datetime

import pytest

from lotsa.casework.queries import today_for
from lotsa.testing.clock import TODAY
from lotsa.testing.queries import page_queries
from lotsa.worktraining.services.daily import (
    EntryInput,
    add_schedule_entry,
    monday_of,
    publish_schedule,
    record_workday_attendance,
)

pytestmark = pytest.mark.django_db

WORKDAY_TEXT = "Attendance not recorded today at Snickeriet"


def _items(user) -> list:
    return [i for i in today_for(user, today=TODAY).record_items if i.text == WORKDAY_TEXT]


def test_until_the_day_is_recorded_today_asks_for_it(work_group) -> None:
    supervisor = work_group.team.work_supervisor

    (item,) = _items(supervisor)

    assert item.participant == work_group.team.enrolment.participant.display_name
    assert item.url == f"/work-training/work-units/{work_group.work_unit.pk}/workday/"
    record_workday_attendance(
        actor=supervisor,
        work_unit=work_group.work_unit,
        day=TODAY,
        statuses={work_group.team.enrolment.pk: "sick"},
    )
    assert _items(supervisor) == []


def test_a_published_week_without_the_participant_today_asks_nothing(work_group) -> None:
    supervisor = work_group.team.work_supervisor
    tomorrow = (TODAY.weekday() + 1) % 7
    add_schedule_entry(
        actor=supervisor,
        work_unit=work_group.work_unit,
        week_starting=monday_of(TODAY),
        entry=EntryInput(tomorrow, datetime.time(8), datetime.time(12), "Snickeri"),
    )
    schedule = work_group.work_unit.schedules.get()
    publish_schedule(actor=supervisor, schedule=schedule)

    assert _items(supervisor) == []

    add_schedule_entry(
        actor=supervisor,
        work_unit=work_group.work_unit,
        week_starting=monday_of(TODAY),
        entry=EntryInput(
            TODAY.weekday(),
            datetime.time(8),
            datetime.time(12),
            "Slipning",
            enrolment=work_group.team.enrolment,
        ),
    )
    assert len(_items(supervisor)) == 1


def test_today_asks_about_attendance_in_a_fixed_number_of_queries(work_group, client_for) -> None:
    supervisor = work_group.team.work_supervisor
    client = client_for(supervisor)
    before = page_queries(client, "/today/")
    for _ in range(3):
        work_group.join()

    assert len(_items(supervisor)) == 4
    assert page_queries(client, "/today/") == before
    assert f"/work-training/work-units/{work_group.work_unit.pk}/workday/" in (
        client.get("/today/").content.decode()
    )
