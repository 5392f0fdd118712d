"""The shares the pages and the fidelity review show, at the IPS-25 item 2 anchor boundaries
(the scale rounds to a whole percent, then reads the table), and their query counts."""

from __future__ import annotations

import datetime

import pytest

from lotsa.organisations.models import Role
from lotsa.testing.factories import MembershipFactory, UserFactory
from lotsa.timeuse import queries
from lotsa.timeuse.queries import Period, employment_services_score, whole_percent
from lotsa.timeuse.tests.helpers import LAST_WEEK, THIS_WEEK, employer_contacts, log


@pytest.mark.parametrize(
    ("services", "total", "percent", "score"),
    [
        (960, 1000, 96, 5),
        (955, 1000, 96, 5),  # 95.5 % rounds up to 96 %
        (954, 1000, 95, 4),
        (900, 1000, 90, 4),
        (899, 1000, 90, 4),  # 89.9 % is 90 % once rounded, as the scale maps it
        (895, 1000, 90, 4),
        (894, 1000, 89, 3),  # 89.4 % is 89 %
        (750, 1000, 75, 3),
        (745, 1000, 75, 3),
        (744, 1000, 74, 2),
        (600, 1000, 60, 2),
        (594, 1000, 59, 1),
        (0, 1000, 0, 1),
    ],
)
def test_the_share_is_rounded_half_up_before_the_anchor_is_read(
    services, total, percent, score
) -> None:
    assert whole_percent(services, total) == percent
    assert employment_services_score(whole_percent(services, total)) == score


def test_without_logged_time_there_is_no_share_and_no_score() -> None:
    assert whole_percent(0, 0) is None
    assert employment_services_score(None) is None


def test_a_coach_s_shares_count_each_activity_as_its_definition_says(personas, clock) -> None:
    log(
        personas.coach_a,
        LAST_WEEK,
        direct_community=300,  # services, community
        direct_office=200,  # services
        employer_contacts=100,  # services, community
        travel=50,  # services, community
        documentation=150,  # services
        team_meetings=100,  # services
        other_tasks=100,  # neither
    )
    employer_contacts(
        personas.coach_a,
        personas.unit_a,
        [LAST_WEEK + datetime.timedelta(days=n) for n in range(7)],
    )
    (use,) = queries.time_use_of([personas.coach_a], Period(LAST_WEEK, THIS_WEEK))
    assert use.overall.total == 1000
    assert use.overall.employment_services_percent == 90
    assert use.overall.community_percent == 45
    assert use.employment_services_score == 4
    assert use.overall.employer_contacts == 7
    assert use.contacts_per_week == 7
    assert use.weeks_at_contact_goal == 1
    assert use.weeks_logged == 1


def test_the_unit_averages_its_coaches_shares_and_leaves_out_who_logged_nothing(
    personas, clock
) -> None:
    log(personas.coach_a, LAST_WEEK, direct_office=1000)  # 100 %
    log(personas.colleague_a, LAST_WEEK, direct_office=160, other_tasks=40)  # 80 %
    silent = UserFactory.create(username="silent")
    MembershipFactory.create(user=silent, unit=personas.unit_a, role=Role.COACH)
    evidence = queries.employment_services_evidence(personas.unit_a, LAST_WEEK, THIS_WEEK)
    shares = {coach.staff_id: coach.employment_services_percent for coach in evidence.coaches}
    assert shares == {personas.coach_a.pk: 100, personas.colleague_a.pk: 80, silent.pk: None}
    assert evidence.employment_services_percent == 90
    assert evidence.suggested_score == 4
    assert evidence.weeks_in_period == 1
    assert {c.staff_id: c.weeks_logged for c in evidence.coaches}[silent.pk] == 0
    # The team leader is no coach of the unit: their own log would not count.
    assert personas.team_leader_a.pk not in shares


def test_the_evidence_costs_three_queries_however_many_coaches_and_weeks(
    personas, clock, django_assert_num_queries
) -> None:
    period = (THIS_WEEK - datetime.timedelta(weeks=12), THIS_WEEK + datetime.timedelta(weeks=1))
    log(personas.coach_a, LAST_WEEK, direct_office=60)
    with django_assert_num_queries(3):
        queries.employment_services_evidence(personas.unit_a, *period)
    for number in range(5):
        coach = UserFactory.create(username=f"coach_{number}")
        MembershipFactory.create(user=coach, unit=personas.unit_a, role=Role.COACH)
        for weeks_ago in range(4):
            log(coach, THIS_WEEK - datetime.timedelta(weeks=weeks_ago), travel=30, other_tasks=5)
        employer_contacts(coach, personas.unit_a, [LAST_WEEK, THIS_WEEK])
    with django_assert_num_queries(3):
        evidence = queries.employment_services_evidence(personas.unit_a, *period)
    assert len(evidence.coaches) == 7
    assert evidence.weeks_in_period == 13
