"""A team leader supervises a coach: every number of the unit board opens the cases behind it,
and the coach's page shows the last eight weeks against the IPS targets and a week of job
development."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.queries import supervision_weeks
from lotsa.employment.services import record_employer_contact, register_employer
from lotsa.testing.casework import held_contact
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import swedish_org_number
from lotsa.testing.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
THIS_MONDAY = TODAY - datetime.timedelta(days=TODAY.weekday())


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def contact(personas: Any, enrolment: Any, day: datetime.date, place: str = "office") -> None:
    held_contact(personas.coach_a, enrolment, day, place=place)


@pytest.fixture
def caseload(personas: Any, case: Any) -> dict[str, Any]:
    late = case("ips", started_on=days_ago(60))  # first employer contact overdue
    contact(personas, late, days_ago(3), place="community")
    on_track = case("ips", started_on=days_ago(10))
    contact(personas, on_track, days_ago(2))
    quiet = case("knut_pv", started_on=days_ago(90))
    return {"late": late, "on_track": on_track, "quiet": quiet}


def coach_url(personas: Any, query: str = "") -> str:
    return f"/units/{personas.unit_a.pk}/staff/{personas.coach_a.pk}/{query}"


def test_the_boards_numbers_open_the_cases_behind_them(personas, caseload, client_for) -> None:
    client = client_for(personas.team_leader_a)
    board = client.get(f"/units/{personas.unit_a.pk}/board/").content.decode()
    assert f'href="{coach_url(personas, "?show=overdue")}"' in board
    assert f'href="{coach_url(personas, "?show=active")}"' in board
    assert f'href="{coach_url(personas, "?phase=ips%3Areferral")}"' in board
    overdue = client.get(coach_url(personas, "?show=overdue"))
    assert overdue.status_code == 200
    shown = {row.enrolment for row in overdue.context["rows"]}
    assert caseload["late"] in shown and caseload["on_track"] not in shown
    active = {
        row.enrolment for row in client.get(coach_url(personas, "?show=active")).context["rows"]
    }
    assert {caseload["late"], caseload["on_track"]} <= active
    assert caseload["quiet"] not in active
    knut = client.get(coach_url(personas, "?phase=knut_pv:referral")).context["rows"]
    assert [row.enrolment for row in knut] == [caseload["quiet"]]


def test_the_coach_page_is_audited_with_the_people_shown(personas, caseload, client_for) -> None:
    client_for(personas.team_leader_a).get(coach_url(personas, "?show=overdue"))
    entry = AuditEntry.objects.filter(event=AuditEvent.CASELOAD_VIEWED).latest("pk")
    assert entry.object_id == str(personas.coach_a.pk)
    assert entry.changes["show"] == "overdue"
    assert caseload["late"].participant_id in entry.changes["participants"]
    assert caseload["on_track"].participant_id not in entry.changes["participants"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("?show=everything", "show"), ("?phase=ips:nowhere", "phase"), ("?week=60", "week")],
)
def test_bad_filters_get_a_field_error(personas, caseload, client_for, query, field) -> None:
    response = client_for(personas.team_leader_a).get(coach_url(personas, query))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert response.context["rows"] == []


def test_only_those_who_lead_the_unit_open_a_coachs_page(personas, caseload, client_for) -> None:
    assert client_for(personas.manager_a).get(coach_url(personas)).status_code == 200
    for persona in ("coach_a", "colleague_a", "coach_b", "analyst"):
        assert client_for(getattr(personas, persona)).get(coach_url(personas)).status_code == 404
    coach_board = client_for(personas.colleague_a).get(f"/units/{personas.unit_a.pk}/board/")
    assert "/staff/" not in coach_board.content.decode()
    leader = client_for(personas.team_leader_a)
    not_a_member = f"/units/{personas.unit_a.pk}/staff/{personas.coach_b.pk}/"
    assert leader.get(not_a_member).status_code == 404
    refused = AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=personas.team_leader_a
    )
    assert refused.filter(object_type="accounts.user", object_id=str(personas.coach_b.pk)).exists()
    assert (
        leader.get(f"/units/{personas.unit_b.pk}/staff/{personas.coach_b.pk}/").status_code == 404
    )


def test_the_supervision_weeks_count_against_the_targets(personas, caseload) -> None:
    employer = register_employer(
        actor=personas.coach_a,
        name="Snickeriet AB",
        country="SE",
        organisation_number=swedish_org_number(11),
        sector="private",
    )
    last_week = THIS_MONDAY - datetime.timedelta(days=5)
    for day, face_to_face in ((last_week, True), (last_week, True), (last_week, False)):
        record_employer_contact(
            actor=personas.coach_a,
            employer=employer,
            unit=personas.unit_a,
            occurred_on=day,
            purpose="first_meeting",
            face_to_face=face_to_face,
        )
    weeks = supervision_weeks(personas.coach_a, personas.unit_a, TODAY)
    assert [week.monday for week in weeks][-2:] == [
        THIS_MONDAY - datetime.timedelta(weeks=1),
        THIS_MONDAY,
    ]
    assert len(weeks) == 8
    assert weeks[-2].employer_contacts == 2
    this_week = weeks[-1]
    # Monday's contact was in the community, Tuesday's at the office.
    assert (this_week.contacts, this_week.community_contacts) == (2, 1)
    assert this_week.community_share == 50
    assert this_week.caseload >= 3


def test_the_coach_page_costs_the_same_with_more_cases(
    personas, case, caseload, client_for
) -> None:
    client = client_for(personas.team_leader_a)
    before = page_queries(client, coach_url(personas))
    for _ in range(3):
        contact(personas, case("ips", started_on=days_ago(40)), days_ago(8), place="workplace")
    assert page_queries(client, coach_url(personas)) == before


def test_the_cases_without_a_current_responsible_open_from_the_board(
    personas, caseload, client_for
) -> None:
    from lotsa.testing.factories import EnrolmentFactory

    left_behind = EnrolmentFactory(
        unit=personas.unit_a, responsible_staff=personas.former_coach_a, phase="job_search"
    )
    client = client_for(personas.team_leader_a)
    board = client.get(f"/units/{personas.unit_a.pk}/board/").content.decode()
    link = f"/units/{personas.unit_a.pk}/unassigned/?phase=ips%3Ajob_search"
    assert f'href="{link}"' in board
    page = client.get(link)
    assert page.status_code == 200
    assert [row.enrolment for row in page.context["rows"]] == [left_behind]
    entry = AuditEntry.objects.filter(event=AuditEvent.CASELOAD_VIEWED).latest("pk")
    assert entry.changes["participants"] == [left_behind.participant_id]
    assert client.get(f"/units/{personas.unit_a.pk}/unassigned/?phase=ips:x").status_code == 400
    coach = client_for(personas.coach_a)
    assert coach.get(f"/units/{personas.unit_a.pk}/unassigned/").status_code == 404
