"""Writing the week's time log: field-level refusals, the coach's own rows only, and an audit
entry naming each changed cell before and after."""

from __future__ import annotations

import datetime

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, Forbidden
from lotsa.timeuse import services
from lotsa.timeuse.models import TimeEntry
from lotsa.timeuse.tests.helpers import LAST_WEEK, THIS_WEEK, english

pytestmark = pytest.mark.django_db

TUESDAY = LAST_WEEK + datetime.timedelta(days=1)


def refusal(personas, week, minutes) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as raised:
        services.save_week(actor=personas.coach_a, week=week, minutes=minutes)
    return raised.value.errors


def test_negative_minutes_are_refused_beside_their_cell(personas, clock) -> None:
    errors = refusal(personas, LAST_WEEK, {(TUESDAY, "travel"): -5})
    assert list(errors) == ["travel_1"]
    assert not TimeEntry.objects.exists()


def test_a_day_of_more_than_24_hours_is_refused_beside_each_of_its_cells(personas, clock) -> None:
    errors = refusal(
        personas, LAST_WEEK, {(TUESDAY, "travel"): 1000, (TUESDAY, "documentation"): 441}
    )
    assert set(errors) == {"travel_1", "documentation_1"}
    assert "1441" in errors["travel_1"][0]


def test_exactly_24_hours_in_a_day_is_accepted(personas, clock) -> None:
    services.save_week(
        actor=personas.coach_a,
        week=LAST_WEEK,
        minutes={(TUESDAY, "travel"): 1000, (TUESDAY, "documentation"): 440},
    )
    assert TimeEntry.objects.filter(staff=personas.coach_a).count() == 2


def test_a_week_not_yet_begun_and_a_day_after_today_are_refused(personas, clock) -> None:
    next_week = THIS_WEEK + datetime.timedelta(days=7)
    assert list(refusal(personas, next_week, {(next_week, "travel"): 10})) == ["week"]
    friday = THIS_WEEK + datetime.timedelta(days=4)
    assert list(refusal(personas, THIS_WEEK, {(friday, "travel"): 10})) == ["travel_4"]
    # Today itself may be logged.
    today = THIS_WEEK + datetime.timedelta(days=3)
    services.save_week(actor=personas.coach_a, week=THIS_WEEK, minutes={(today, "travel"): 10})


def test_a_week_given_by_another_day_than_its_monday_is_refused(personas, clock) -> None:
    assert list(refusal(personas, TUESDAY, {(TUESDAY, "travel"): 10})) == ["week"]


def test_only_coaches_keep_a_time_log_and_a_refusal_stays_in_the_trail(personas, clock) -> None:
    with pytest.raises(Forbidden):
        services.save_week(
            actor=personas.team_leader_a, week=LAST_WEEK, minutes={(TUESDAY, "travel"): 10}
        )
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=personas.team_leader_a
    ).exists()
    assert not TimeEntry.objects.exists()


def test_a_correction_is_audited_cell_by_cell_and_a_zero_removes_the_row(personas, clock) -> None:
    services.save_week(
        actor=personas.coach_a,
        week=LAST_WEEK,
        minutes={(TUESDAY, "travel"): 30, (TUESDAY, "documentation"): 60},
    )
    changed = services.save_week(
        actor=personas.coach_a,
        week=LAST_WEEK,
        minutes={(TUESDAY, "travel"): 45, (TUESDAY, "documentation"): 0, (LAST_WEEK, "travel"): 0},
    )
    assert changed == 2
    assert list(
        TimeEntry.objects.filter(staff=personas.coach_a).values_list("activity", "minutes")
    ) == [("travel", 45)]
    entries = AuditEntry.objects.filter(event=AuditEvent.TIME_LOG_SAVED, actor=personas.coach_a)
    assert entries.count() == 2
    last = entries.order_by("-sequence").first()
    assert last.changes["minutes"] == {
        "2026-11-24 documentation": [60, 0],
        "2026-11-24 travel": [30, 45],
    }
    assert last.object_id == f"{personas.coach_a.pk}:2026-11-23"


def test_saving_nothing_new_writes_no_audit_entry(personas, clock) -> None:
    services.save_week(actor=personas.coach_a, week=LAST_WEEK, minutes={(TUESDAY, "travel"): 0})
    assert not AuditEntry.objects.filter(event=AuditEvent.TIME_LOG_SAVED).exists()


# ------------------------------------------------------------------ the page


def test_the_week_page_saves_the_whole_grid(personas, client_for, clock) -> None:
    client = client_for(personas.coach_a)
    response = client.post(
        "/time-use/week/?week=2026-W48", {"travel_1": "30", "other_tasks_0": "15", "travel_2": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == "/time-use/week/?week=2026-W48"
    assert sorted(
        TimeEntry.objects.filter(staff=personas.coach_a).values_list("day", "activity", "minutes")
    ) == [(LAST_WEEK, "other_tasks", 15), (TUESDAY, "travel", 30)]


def test_a_refused_cell_answers_400_and_names_the_field(personas, client_for, clock) -> None:
    client = english(client_for(personas.coach_a))
    response = client.post("/time-use/week/?week=2026-W48", {"travel_1": "-5"})
    assert response.status_code == 400
    assert response.context["form"].errors["travel_1"] == ["Minutes cannot be negative."]
    assert not TimeEntry.objects.exists()


def test_text_in_a_cell_is_a_field_error_not_a_500(personas, client_for, clock) -> None:
    response = client_for(personas.coach_a).post("/time-use/week/?week=2026-W48", {"travel_1": "x"})
    assert response.status_code == 400
    assert "travel_1" in response.context["form"].errors


def test_one_day_on_a_phone_leaves_the_other_days_as_they_were(personas, client_for, clock) -> None:
    services.save_week(actor=personas.coach_a, week=LAST_WEEK, minutes={(LAST_WEEK, "travel"): 20})
    client = client_for(personas.coach_a)
    page = client.get("/time-use/week/?week=2026-W48&day=1")
    assert page.status_code == 200
    assert set(page.context["form"].fields) == {f"{a}_1" for a in services.Activity.values}
    response = client.post("/time-use/week/?week=2026-W48&day=1", {"documentation_1": "50"})
    assert response["Location"] == "/time-use/week/?week=2026-W48&day=1"
    assert sorted(
        TimeEntry.objects.filter(staff=personas.coach_a).values_list("day", "minutes")
    ) == [(LAST_WEEK, 20), (TUESDAY, 50)]


def test_updating_the_totals_saves_nothing_and_sums_what_is_typed(
    personas, client_for, clock
) -> None:
    client = client_for(personas.coach_a)
    posted = {
        "travel_1": "30",
        "documentation_1": "45",
        "travel_2": "15",
        "travel_3": "-5",
        "travel_4": "x",
        "preview": "1",
    }
    page = client.post("/time-use/week/?week=2026-W48", posted)
    assert page.status_code == 200
    totals = {total.id: total.minutes for total in page.context["totals"]["all"]}
    assert totals["total-day-1"] == 75
    # What cannot be minutes counts nothing until the save says why.
    assert totals["total-day-3"] == totals["total-day-4"] == 0
    assert totals["total-travel"] == 45
    assert totals["total-week"] == 90
    # With htmx, only the sums come back, each to replace its own place on the page.
    partial = client.post("/time-use/week/?week=2026-W48", posted, headers={"HX-Request": "true"})
    assert partial.templates[0].name == "timeuse/_week_totals.html"
    assert '<span id="total-week" hx-swap-oob="true">90</span>' in partial.content.decode()
    assert not TimeEntry.objects.exists()


@pytest.mark.parametrize("week", ["2026-W50", "2026", "x-W1", "2026-W60"])
def test_a_week_not_begun_or_not_a_week_is_no_page(personas, client_for, clock, week) -> None:
    response = client_for(personas.coach_a).get(f"/time-use/week/?week={week}")
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["team_leader_a", "manager_a", "analyst", "reviewer"])
def test_the_week_page_is_for_coaches_only(personas, client_for, persona) -> None:
    assert client_for(getattr(personas, persona)).get("/time-use/week/").status_code == 403
