"""The IPS units' team practice, time logs and improvement work in the synthetic dataset: what
the fidelity review of the benchmark reads, and that drawing it leaves the rest as it was."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Sum
from django.utils import timezone, translation

from lotsa.fidelity.evidence import fidelity_evidence
from lotsa.fidelity.models import FidelityReview, ImprovementAction
from lotsa.fidelity.scale import scale_of
from lotsa.improvement.models import Improvement, PdsaCycle
from lotsa.improvement.queries import recommendation_follow_up
from lotsa.organisations.models import Membership, Role
from lotsa.pathways.models import Enrolment, UnitProgramme
from lotsa.teamwork.models import (
    CoverArrangement,
    EnrolmentTeam,
    JobLead,
    SupervisionElement,
    SupervisionEntry,
    TeamAttachment,
    TeamMeeting,
    UnitMeeting,
)
from lotsa.timeuse.models import EMPLOYMENT_SERVICES, TimeEntry, WeeklyReflection
from lotsa.tools.synth import generate, teampractice
from lotsa.tools.synth.generate import Generator
from lotsa.tools.synth.scales import TINY

LAST_WEEKS = 26


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _weeks(days: Iterable[datetime.date]) -> set[datetime.date]:
    return {_monday(day) for day in days}


@pytest.mark.django_db(transaction=True)
def test_every_ips_unit_keeps_its_team_practice_time_log_and_improvement_work() -> None:
    call_command("synth", "--scale", "tiny", stdout=StringIO())
    today = timezone.localdate()
    last_weeks = {_monday(today) - n * teampractice.WEEK for n in range(1, LAST_WEEKS + 1)}
    ips_units = set(
        UnitProgramme.objects.filter(programme_code="ips").values_list("unit_id", flat=True)
    )
    coaches = Membership.objects.filter(unit__in=ips_units, role=Role.COACH)
    assert len(ips_units) >= 2 and coaches.count() >= 8 * len(ips_units)
    # Every coach is attached to one to three of their unit's treatment teams.
    teams = dict(
        TeamAttachment.objects.values_list("coach").annotate(n=Count("team", distinct=True))
    )
    assert set(teams) == set(coaches.values_list("user_id", flat=True))
    assert set(teams.values()) <= {1, 2, 3} and 1 in set(teams.values())
    unit_of = dict(coaches.values_list("user_id", "unit_id"))
    for coach, unit in TeamAttachment.objects.values_list("coach", "team__unit"):
        assert unit_of[coach] == unit
    # Most open IPS cases belong to a treatment team of their coach's.
    open_cases = Enrolment.objects.filter(unit__in=ips_units, status="active").exclude(
        start_date=None
    )
    own_team = open_cases.filter(
        treatment_team_link__team__attachments__coach=F("responsible_staff")
    ).distinct()
    assert own_team.count() > 0.8 * open_cases.count() > 0
    assert not EnrolmentTeam.objects.exclude(team__unit=F("enrolment__unit")).exists()
    # Each unit meets in most weeks, and each treatment team nearly every week.
    for unit in ips_units:
        met = _weeks(UnitMeeting.objects.filter(unit=unit).values_list("held_on", flat=True))
        assert len(met & last_weeks) >= 20
        for days in _days_by(TeamMeeting.objects.filter(team__unit=unit), "team", "held_on"):
            assert len(_weeks(days) & last_weeks) >= 20
    assert not UnitMeeting.objects.annotate(n=Count("attendees")).filter(n__lt=3).exists()
    assert JobLead.objects.filter(employer=None).exists()
    assert JobLead.objects.filter(meeting__unit__in=ips_units).count() > 1.2 * len(ips_units) * 20
    assert not CoverArrangement.objects.filter(covering=F("covered")).exists()
    assert CoverArrangement.objects.values("meeting__unit").distinct().count() == len(ips_units)
    # The team leader's log has every element the scale asks for, in every unit.
    logged = set(SupervisionEntry.objects.values_list("unit", "element").distinct())
    assert logged == {(unit, element.value) for unit in ips_units for element in SupervisionElement}
    # Every coach logged their time in nearly all of the last 26 weeks (three weeks of summer
    # leave at most), most of it on employment services, and looked back on most weeks.
    entries = TimeEntry.objects.filter(day__gte=min(last_weeks), day__lt=_monday(today))
    assert set(entries.values_list("staff", flat=True).distinct()) == set(
        coaches.values_list("user_id", flat=True)
    )
    for days in _days_by(entries, "staff", "day"):
        assert len(_weeks(days)) >= LAST_WEEKS - 4
    minutes = Counter[int]()
    services = Counter[int]()
    for staff, activity, spent in entries.values_list("staff", "activity").annotate(
        spent=Sum("minutes")
    ):
        minutes[staff] += spent
        services[staff] += spent if activity in EMPLOYMENT_SERVICES else 0
    shares = [services[staff] / minutes[staff] for staff in minutes]
    assert min(shares) > 0.6 and max(shares) < 1
    assert 0.85 < sum(shares) / len(shares) < 0.96
    per_day = entries.values("staff", "day").annotate(n=Count("pk"), spent=Sum("minutes"))
    assert 4 < sum(row["n"] for row in per_day) / len(per_day) < 6.5
    assert max(row["spent"] for row in per_day) <= 9 * 60
    reflections = WeeklyReflection.objects.filter(week__in=last_weeks)
    assert 0.6 * len(last_weeks) * len(shares) < reflections.count() < len(last_weeks) * len(shares)
    assert reflections.filter(shared=True).exists() and reflections.filter(shared=False).exists()
    # Every final review's recommendations are in the register; some were tried in a cycle.
    finals = FidelityReview.objects.filter(status="final")
    assert set(ImprovementAction.objects.values_list("review", flat=True)) == set(
        finals.values_list("pk", flat=True)
    )
    assert Improvement.objects.filter(source="fidelity").count() == (
        ImprovementAction.objects.count()
    )
    assert not Improvement.objects.exclude(unit=F("fidelity_action__unit")).exists()
    assert PdsaCycle.objects.filter(decision__in=("adopt", "adapt")).exists()
    assert not PdsaCycle.objects.filter(planned_on__gt=today).exists()
    # None of it in units of other models.
    assert not TimeEntry.objects.exclude(staff__memberships__unit__in=ips_units).exists()
    assert not UnitMeeting.objects.exclude(unit__in=ips_units).exists()


def _days_by(rows: Any, key: str, day: str) -> list[list[datetime.date]]:
    grouped: dict[int, list[datetime.date]] = defaultdict(list)
    for value, held_on in rows.values_list(key, day):
        grouped[value].append(held_on)
    return list(grouped.values())


@pytest.mark.django_db(transaction=True)
def test_the_latest_review_of_every_ips_unit_reads_its_practice_from_the_records() -> None:
    call_command("synth", "--scale", "tiny", stdout=StringIO())
    latest = {
        review.unit_id: review
        for review in FidelityReview.objects.order_by("period_end").select_related("unit")
    }
    assert latest
    for review in latest.values():
        with translation.override("en"):
            evidence = fidelity_evidence(
                review.unit, review.period_start, review.period_end, scale_of(review)
            )
        # Item 2: every coach logged time in the period's weeks (but for a summer leave).
        weeks = len(_weeks_between(review.period_start, review.period_end))
        assert evidence[2].value is not None and 75 <= evidence[2].value <= 97
        logged = [row[1].split(" / ") for row in evidence[2].tables[0].rows]
        assert len(logged) >= 8
        assert all(int(total) == weeks and int(count) >= weeks - 3 for count, total in logged)
        # Item 4: most of the cases open at the period's end are in a team of their coach's.
        assert evidence[4].value is not None and evidence[4].value > 75
        # Item 7: the unit met in most weeks, shared job leads and arranged cover.
        assert evidence[7].value is not None and evidence[7].value >= weeks - 5
        assert evidence[7].suggested in (3, 4, 5)
        # Item 8: the log shows weekly supervision, field mentoring and outcome reviews.
        met = {str(element.name): element.met for element in evidence[8].elements}
        assert met["Weekly supervision about participants"] is True
        assert met["Field mentoring every month with new or struggling coaches"] is not None
        assert met["Outcome reviews with the team at least quarterly"] is not None
        # Item 11: the earlier review's recommendations, all in the register.
        follow_up = recommendation_follow_up(review.unit, review.period_end)
        assert follow_up.review is not None and follow_up.review.pk != review.pk
        assert follow_up.actions == follow_up.in_register > 0
        assert [e.met is None for e in evidence[11].elements].count(False) == 1


def _weeks_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    return _weeks(start + datetime.timedelta(days=n) for n in range((end - start).days + 1))


def _drawn(sections: tuple[Any, ...]) -> tuple[dict[str, list[tuple[Any, ...]]], Generator]:
    generator = Generator(TINY, 2026, datetime.date(2026, 12, 4))
    rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for section in sections:
        for table in section.tables(generator):
            rows[table.name] += table.rows
    return rows, generator


def test_the_team_practice_draws_on_numbers_of_its_own() -> None:
    """Drawing the team practice changes no other table, and leaves the numbers the other
    sections draw on where they were: a section added after it draws the same either way."""
    without, before = _drawn(generate.SECTIONS[:-1])
    assert generate.SECTIONS[-1] is teampractice
    with_it, after = _drawn(generate.SECTIONS)
    practice_tables = set(with_it) - set(without)
    assert "timeuse_timeentry" in practice_tables and "teamwork_unitmeeting" in practice_tables
    assert {name: with_it[name] for name in without} == without
    for stream in ("rng", "joint_rng", "group_rng", "survey_rng", "work_rng", "income_rng"):
        assert getattr(after, stream).getstate() == getattr(before, stream).getstate(), stream
    assert after.practice_rng.getstate() != before.practice_rng.getstate()
