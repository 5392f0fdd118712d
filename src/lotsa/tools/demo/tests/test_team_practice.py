"""The demo's team practice and time logs: what a team leader, a coach and a fidelity reviewer
find in the IPS units, inside the period of the review in consensus."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.fidelity.models import FidelityReview, ReviewStatus
from lotsa.organisations.models import Unit
from lotsa.pathways.models import OPEN_STATUSES, Enrolment
from lotsa.teamwork.models import (
    Discussion,
    EnrolmentTeam,
    JobLead,
    SupervisionElement,
    SupervisionEntry,
    TeamAttachment,
    TeamMeeting,
    UnitMeeting,
)
from lotsa.teamwork.queries import Period, TeamworkEvidence, teamwork_evidence
from lotsa.timeuse.models import TimeEntry, WeeklyReflection
from lotsa.timeuse.queries import EmploymentServicesEvidence, employment_services_evidence
from lotsa.tools.demo.builder import DemoBuilder

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def test_the_demo_ips_units_record_their_team_practice_and_time_use() -> None:
    DemoBuilder(participants=60, anonymous=2, amia_cases_per_stage=1).build()
    reviews = list(
        FidelityReview.objects.filter(status=ReviewStatus.CONSENSUS).select_related("unit")
    )
    assert len(reviews) == 3
    for review in reviews:
        period = Period(review.period_start, review.period_end)
        evidence = teamwork_evidence(review.unit, period)
        assert_coaches_belong_to_one_or_two_teams(review.unit, evidence)
        assert_the_unit_meets_most_weeks(evidence)
        assert_treatment_teams_meet_with_a_coach_most_weeks(review.unit, evidence)
        assert_every_kind_of_supervision(evidence)
        assert_a_time_log_most_weeks(review.unit, time_use_over(review))
    assert_some_cases_have_no_treatment_team()
    assert_one_coach_has_a_second_role(reviews)
    assert_everything_falls_in_the_review_period(reviews)
    assert_the_audit_trail_names_every_record()


def time_use_over(review: FidelityReview) -> EmploymentServicesEvidence:
    """Item 2's figures over the whole weeks of the review period."""
    first_monday = review.period_start + datetime.timedelta(days=-review.period_start.weekday() % 7)
    this_monday = review.period_end - datetime.timedelta(days=review.period_end.weekday())
    return employment_services_evidence(review.unit, first_monday, this_monday)


def assert_coaches_belong_to_one_or_two_teams(unit: Unit, evidence: TeamworkEvidence) -> None:
    assert len(evidence.teams_per_coach) == 3
    assert set(evidence.teams_per_coach.values()) <= {1, 2}
    assert evidence.coaches_over_limit == []
    assert unit.treatment_teams.count() in (1, 2)
    # Every open case has its treatment team said, most of them one of the coach's teams.
    open_cases = Enrolment.objects.filter(
        unit=unit, programme_model="ips", status__in=OPEN_STATUSES
    )
    assert open_cases.count() == EnrolmentTeam.objects.filter(enrolment__in=open_cases).count()
    assert evidence.share_from_attached_teams is not None
    assert evidence.share_from_attached_teams >= 0.6


def assert_the_unit_meets_most_weeks(evidence: TeamworkEvidence) -> None:
    # Not in two or three holiday weeks, nor in a week the period only touches.
    assert evidence.weeks - 4 <= evidence.weeks_with_unit_meeting <= evidence.weeks - 2
    assert evidence.unit_meetings == evidence.weeks_with_unit_meeting
    assert evidence.job_leads >= evidence.unit_meetings // 2
    # Before each coach's week or three of leave.
    assert 1 <= evidence.cover_arrangements <= 9


def assert_treatment_teams_meet_with_a_coach_most_weeks(
    unit: Unit, evidence: TeamworkEvidence
) -> None:
    for team in evidence.team_meetings:
        assert team.weeks_with_meeting >= evidence.weeks * 2 // 3, team
        assert team.weeks_with_meeting < evidence.weeks, team
    assert Discussion.objects.filter(meeting__team__unit=unit).exists()
    # The team leader sits in on each team's meeting at least once a quarter (item 8 c).
    leader = unit.supervision_entries.values_list("supervisor", flat=True)[0]
    for team in unit.treatment_teams.all():
        visits = TeamMeeting.objects.filter(team=team, coaches=leader)
        assert visits.count() >= 2, team


def assert_every_kind_of_supervision(evidence: TeamworkEvidence) -> None:
    assert evidence.elements_present == list(SupervisionElement.values)
    held = evidence.supervision
    # Weekly in the group but for the holidays; every other week for each coach alone, but
    # for the weeks they are away.
    assert evidence.weeks - 4 <= held[SupervisionElement.GROUP] <= evidence.weeks - 2
    assert 3 * evidence.weeks // 2 - 12 <= held[SupervisionElement.INDIVIDUAL] <= 40
    assert evidence.supervision_weeks >= evidence.weeks - 2
    # Monthly in the field, quarterly the outcomes, a difficult case now and then.
    assert 4 <= held[SupervisionElement.FIELD_MENTORING] <= 7
    assert held[SupervisionElement.OUTCOME_REVIEW] == 2
    assert 1 <= held[SupervisionElement.DIFFICULT_CASE] <= 12


def assert_a_time_log_most_weeks(unit: Unit, time_use: EmploymentServicesEvidence) -> None:
    assert len(time_use.coaches) == 3
    for coach in time_use.coaches:
        # Away for a week or three.
        assert time_use.weeks_in_period - 3 <= coach.weeks_logged < time_use.weeks_in_period
        reflections = WeeklyReflection.objects.filter(staff_id=coach.staff_id)
        assert coach.weeks_logged // 2 <= reflections.count() <= coach.weeks_logged
    assert time_use.suggested_score in (3, 4, 5)


def assert_some_cases_have_no_treatment_team() -> None:
    teams = EnrolmentTeam.objects.values_list("team", flat=True)
    linked = Counter(team is not None for team in teams)
    assert 0 < linked[False] <= linked[True] / 2, linked
    assert JobLead.objects.count() >= UnitMeeting.objects.count()
    assert JobLead.objects.filter(employer=None).exists()
    # Leads are mostly at employers of the register.
    assert (
        JobLead.objects.filter(employer__isnull=False).count()
        > 2 * JobLead.objects.filter(employer=None).count()
    )
    # Some reflections are shared with the team leader, most not.
    shared = WeeklyReflection.objects.filter(shared=True).count()
    assert 0 < shared < WeeklyReflection.objects.count() / 2


def assert_one_coach_has_a_second_role(reviews: list[FidelityReview]) -> None:
    shares = sorted(
        coach.employment_services_percent or 0
        for review in reviews
        for coach in time_use_over(review).coaches
    )
    assert 70 <= shares[0] < 85, shares
    assert all(88 <= share <= 97 for share in shares[1:]), shares
    # Some coach is attached to two teams, none to three.
    teams = Counter(TeamAttachment.objects.values_list("coach", flat=True))
    assert max(teams.values()) == 2


def assert_everything_falls_in_the_review_period(reviews: list[FidelityReview]) -> None:
    period_start = {review.period_start for review in reviews}.pop()
    period_end = {review.period_end for review in reviews}.pop()
    days = [
        *TeamMeeting.objects.values_list("held_on", flat=True),
        *UnitMeeting.objects.values_list("held_on", flat=True),
        *SupervisionEntry.objects.values_list("held_on", flat=True),
        *TimeEntry.objects.values_list("day", flat=True),
        *WeeklyReflection.objects.values_list("week", flat=True),
    ]
    assert days and period_start <= min(days) and max(days) <= period_end


def assert_the_audit_trail_names_every_record() -> None:
    written = Counter(
        AuditEntry.objects.filter(
            event__in=[
                AuditEvent.SUPERVISION_RECORDED,
                AuditEvent.UNIT_MEETING_SAVED,
                AuditEvent.TIME_LOG_SAVED,
                AuditEvent.REFLECTION_SAVED,
            ]
        ).values_list("event", flat=True)
    )
    weeks_logged = TimeEntry.objects.values("staff", "day__week").distinct().count()
    assert written == {
        AuditEvent.SUPERVISION_RECORDED: SupervisionEntry.objects.count(),
        AuditEvent.UNIT_MEETING_SAVED: UnitMeeting.objects.count(),
        AuditEvent.TIME_LOG_SAVED: weeks_logged,
        AuditEvent.REFLECTION_SAVED: WeeklyReflection.objects.count(),
    }
