"""The fidelity evidence the team practice gives for IPS-25 items 4, 5, 7 and 8, at the edges of
the anchors: unit meetings in 11 or 12 of 13 weeks, the team leader's ratio at ten coaches, the
share of the caseload from attached teams at 90 %."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from lotsa.fidelity.evidence import Period, fidelity_evidence, weeks_for_weekly
from lotsa.fidelity.scale import current_scale
from lotsa.organisations.models import Membership, Role
from lotsa.pathways.models import Enrolment
from lotsa.teamwork import evidence, services
from lotsa.teamwork.tests.test_teamwork import (
    DAY,
    QUARTER,
    lead_and_cover,
    supervision,
    team,
    team_meeting,
    unit_meeting,
)
from lotsa.testing.factories import EnrolmentFactory, MembershipFactory, UserFactory
from lotsa.testing.personas import Personas

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def period(p: Personas) -> Period:
    return Period(p.unit_a, QUARTER.first, QUARTER.last)


def weekly(p: Personas, weeks: int, *, leads: bool = True, cover: bool = True) -> None:
    """Unit meetings in the first ``weeks`` weeks of the quarter, the first with a job lead and
    cover arranged."""
    for week in range(weeks):
        meeting = unit_meeting(p, QUARTER.first + week * 7 * DAY + 2 * DAY)
        if week == 0:
            lead_and_cover(p, meeting, QUARTER.first, lead=leads, cover=cover)


def test_weekly_means_nine_weeks_of_ten() -> None:
    assert [weeks_for_weekly(weeks) for weeks in (1, 10, 13, 26, 27)] == [1, 9, 12, 24, 25]


@pytest.mark.parametrize(
    ("weeks_met", "score", "boundary"),
    [(11, 4, True), (12, 5, True), (13, 5, False), (6, 4, False)],
)
def test_vocational_unit_meeting_weekly_with_leads_and_cover_scores_5(
    personas: Personas, weeks_met: int, score: int, boundary: bool
) -> None:
    weekly(personas, weeks_met)
    found = evidence.vocational_unit(period(personas))
    assert (found.value, found.suggested, found.boundary) == (Decimal(weeks_met), score, boundary)
    assert [len(table.rows) for table in found.tables] == [weeks_met, 13 - weeks_met]


def test_vocational_unit_without_cover_scores_3_and_without_leads_4(personas: Personas) -> None:
    weekly(personas, 13, cover=False)
    assert evidence.vocational_unit(period(personas)).suggested == 3
    services.arrange_cover(
        actor=personas.coach_a,
        meeting=personas.unit_a.unit_meetings.order_by("held_on").first(),
        covering=personas.colleague_a,
        covered=personas.coach_a,
        starts_on=QUARTER.first,
        ends_on=QUARTER.first + DAY,
    )
    assert evidence.vocational_unit(period(personas)).suggested == 5


def test_vocational_unit_without_job_leads_or_two_full_time_coaches_scores_4(
    personas: Personas,
) -> None:
    weekly(personas, 13, leads=False)
    assert evidence.vocational_unit(period(personas)).suggested == 4
    services.share_job_lead(
        actor=personas.coach_a,
        meeting=personas.unit_a.unit_meetings.order_by("held_on").last(),
        details=services.JobLeadDetails(personas.coach_a, "Kock", employer_name="Krogen"),
    )
    assert evidence.vocational_unit(period(personas)).suggested == 5
    Membership.objects.filter(user=personas.colleague_a, unit=personas.unit_a).update(
        fte=Decimal("0.5")
    )
    assert evidence.vocational_unit(period(personas)).suggested == 4


def test_a_lone_coach_is_not_a_vocational_unit(personas: Personas) -> None:
    weekly(personas, 13)
    Membership.objects.filter(user=personas.colleague_a, unit=personas.unit_a).update(
        ends_on=QUARTER.first
    )
    assert evidence.vocational_unit(period(personas)).suggested == 1


def test_no_unit_meeting_recorded_leaves_item_7_to_the_reviewers(personas: Personas) -> None:
    found = evidence.vocational_unit(period(personas))
    assert (found.value, found.suggested) == (Decimal(0), None)


def full_supervision(p: Personas) -> None:
    for week in range(13):
        supervision(p, "group", QUARTER.first + week * 7 * DAY)
    # Field mentoring in every calendar month the quarter touches; an outcome review each quarter.
    day = QUARTER.first
    while day <= QUARTER.last:
        supervision(p, "field_mentoring", day)
        day = (day.replace(day=1) + 32 * DAY).replace(day=1)
    for quarter_day in {
        datetime.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
        for d in (QUARTER.first, QUARTER.last)
    }:
        supervision(p, "outcome_review", max(quarter_day, QUARTER.first))


def test_the_supervision_log_shows_four_elements_of_item_8(personas: Personas) -> None:
    full_supervision(personas)
    found = evidence.supervisor_role(period(personas))
    assert [element.met for element in found.elements] == [True, True, None, True, True]
    assert (found.value, found.suggested, found.score_range) == (Decimal(4), None, (4, 5))


@pytest.mark.parametrize(("coaches", "in_place"), [(8, True), (9, False)])
def test_item_8_allows_ten_full_time_coaches_per_full_time_team_leader(
    personas: Personas, coaches: int, in_place: bool
) -> None:
    """coach_a and colleague_a are two; eight more make ten, nine more eleven."""
    for _ in range(coaches):
        MembershipFactory(user=UserFactory(), unit=personas.unit_a, role=Role.COACH)
    found = evidence.supervisor_role(period(personas))
    assert found.elements[0].met is in_place


def test_item_8_misses_weekly_supervision_below_twelve_of_thirteen_weeks(
    personas: Personas,
) -> None:
    for week in range(11):
        supervision(personas, "group", QUARTER.first + week * 7 * DAY)
    assert evidence.supervisor_role(period(personas)).elements[1].met is False
    supervision(personas, "individual", QUARTER.first + 11 * 7 * DAY)
    assert evidence.supervisor_role(period(personas)).elements[1].met is True


def test_an_empty_supervision_log_leaves_item_8_to_the_reviewers(personas: Personas) -> None:
    found = evidence.supervisor_role(period(personas))
    assert [element.met for element in found.elements] == [True, None, None, None, None]


def attached_caseload(p: Personas, from_attached: int, other: int) -> None:
    north, south = team(p, "Norr"), team(p, "Söder")
    services.attach_coach(
        actor=p.team_leader_a, team=north, coach=p.coach_a, starts_on=QUARTER.first
    )
    Enrolment.objects.filter(unit=p.unit_a).update(start_date=None)
    started = {"start_date": QUARTER.first, "referral_date": QUARTER.first}
    for belongs_to in [north] * from_attached + [south] * other:
        case = EnrolmentFactory.create(unit=p.unit_a, responsible_staff=p.coach_a, **started)
        services.set_treatment_team(actor=p.coach_a, enrolment=case, team=belongs_to)


@pytest.mark.parametrize(
    ("from_attached", "other", "score", "boundary"),
    [(9, 1, 5, True), (17, 3, 4, False), (3, 1, 4, True), (1, 1, 3, True), (1, 3, 2, False)],
)
def test_item_4_share_of_the_caseload_from_the_coachs_teams(
    personas: Personas, from_attached: int, other: int, score: int, boundary: bool
) -> None:
    attached_caseload(personas, from_attached, other)
    found = evidence.team_assignment(period(personas))
    assert (found.suggested, found.boundary) == (score, boundary)
    assert len(found.enrolment_ids) == from_attached


def test_item_4_suggests_2_when_a_coach_is_on_three_teams(personas: Personas) -> None:
    attached_caseload(personas, 10, 0)
    for name in ("Väster", "Öster"):
        services.attach_coach(
            actor=personas.team_leader_a,
            team=team(personas, name),
            coach=personas.coach_a,
            starts_on=QUARTER.first,
        )
    found = evidence.team_assignment(period(personas))
    assert (found.value, found.suggested) == (Decimal("100.0"), 2)


def test_item_4_has_no_figure_without_attachments(personas: Personas) -> None:
    assert evidence.team_assignment(period(personas)).value is None


@pytest.mark.parametrize(("weeks", "in_place"), [(11, False), (12, True)])
def test_item_5_counts_weekly_attendance_at_every_team(
    personas: Personas, weeks: int, in_place: bool
) -> None:
    north = team(personas)
    for week in range(weeks):
        team_meeting(personas, north, QUARTER.first + week * 7 * DAY)
    found = evidence.team_integration(period(personas))
    assert found.elements[0].met is in_place
    assert [element.met for element in found.elements[1:]] == [None] * 4
    assert found.score_range == ((1, 5) if in_place else (1, 4))
    assert f"{weeks} " in found.elements[0].figure


def test_the_review_has_evidence_for_items_2_4_5_7_8_and_11(personas: Personas) -> None:
    found: dict[int, Any] = fidelity_evidence(
        personas.unit_a, QUARTER.first, QUARTER.last, current_scale()
    )
    assert {2, 4, 5, 7, 8, 11} <= set(found)
    assert len(found) == 24
