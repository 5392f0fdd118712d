"""The work-training units' daily work: work units with their daily work groups, a session for
every weekday of the last two years with each member's attendance, incidents, and the
activities presented to participants.

Every started KNUT-PV case works in one work unit of its unit from its start to its end. The
days come with the shares of real units: most present, some late by a few minutes, some sick or
absent, now and then sent home after an incident, half of them without compensation for the
day."""

from __future__ import annotations

import bisect
import datetime
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lotsa.tools.synth.tables import CaseFacts, Table, at
from lotsa.worktraining import codes

if TYPE_CHECKING:
    from lotsa.tools.synth.generate import Generator

MODEL = codes.PROGRAMME
WORK_UNITS = (
    ("Snickeriet", "committee_grant", ["work_training", "work_trial"]),
    ("Caféet", "mixed", ["work_training", "placement"]),
    ("Trädgården", "committee_grant", ["work_training", "functional_observation"]),
    ("Secondhandbutiken", "revenue", ["work_training", "work_trial", "placement"]),
)
DAILY_RATE = Decimal("60.00")
# The units began recording daily attendance this long before today.
ATTENDANCE_DAYS = 730
# Attendance shares of a day, with sent home the rarest.
DAY_KINDS = ("present", "late", "sick", "absent_notice", "absent_no_notice", "sent_home")
DAY_SHARES = (78, 6, 8, 4, 3, 1)
INCIDENT_KINDS = ("alcohol_or_drugs", "conflict", "health", "refusal", "other")
# Incidents on days the participant stayed (a written warning, a conflict settled on the spot).
INCIDENT_ON_A_WORKED_DAY = 0.004


def tables(generator: Generator) -> Iterator[Table]:
    yield work_groups(generator)
    yield work_units(generator)
    yield work_group_members(generator)
    yield sessions(generator)
    yield attendance(generator)
    yield incidents(generator)
    yield activity_offers(generator)


def _units(generator: Generator) -> list[int]:
    return [unit for unit, _country, model, _org in generator.units if model == MODEL]


def work_groups(generator: Generator) -> Table:
    """Each work unit's daily work group: a cohort of its unit named like the work unit."""
    rng = generator.work_rng
    first_cohort = len(generator.cohort_of_month) + 1
    rows: list[tuple[Any, ...]] = []
    for unit in _units(generator):
        for name, _financing, _services in WORK_UNITS:
            cohort = first_cohort + len(rows)
            generator.work_groups.append((cohort, unit))
            rows.append((cohort, unit, MODEL, "", name, generator.first_day, None,
                         at(generator.first_day, 8)))  # fmt: skip
    groups_of: dict[int, list[int]] = {}
    for cohort, unit in generator.work_groups:
        groups_of.setdefault(unit, []).append(cohort)
    for case in generator.started_cases():
        if case.model == MODEL:
            generator.work_group_of[case.id] = rng.choice(groups_of[case.unit])
    return Table(
        "cohorts_cohort",
        ("id", "unit_id", "programme_code", "activity", "name", "starts_on", "ends_on",
         "created_at"),
        iter(rows),
    )  # fmt: skip


def work_units(generator: Generator) -> Table:
    def rows() -> Iterator[tuple[Any, ...]]:
        for n, (cohort, unit) in enumerate(generator.work_groups, start=1):
            name, financing, services = WORK_UNITS[(n - 1) % len(WORK_UNITS)]
            generator.work_unit_of_group[cohort] = n
            created = at(generator.first_day, 8)
            yield (n, unit, name, "", financing, json.dumps(services), 12, cohort, DAILY_RATE, True,
                   created, created)  # fmt: skip

    return Table(
        "worktraining_workunit",
        ("id", "unit_id", "name", "description", "financing", "services", "places",
         "cohort_id", "daily_rate", "is_active", "created_at", "updated_at"),
        rows(),
    )  # fmt: skip


def _work_cases(generator: Generator) -> Iterator[CaseFacts]:
    return (case for case in generator.started_cases() if case.id in generator.work_group_of)


def work_group_members(generator: Generator) -> Table:
    first_member = generator.cohort_members + 1
    rows = (
        (n, generator.work_group_of[case.id], case.id, case.started_on, case.end)
        for n, case in enumerate(_work_cases(generator), start=first_member)
    )
    return Table(
        "cohorts_cohortmember", ("id", "cohort_id", "enrolment_id", "joined_on", "left_on"), rows
    )


def _weekdays(generator: Generator) -> list[datetime.date]:
    first = max(generator.first_day, generator.today - datetime.timedelta(days=ATTENDANCE_DAYS))
    days = (first + datetime.timedelta(days=n) for n in range((generator.today - first).days))
    return [day for day in days if day.weekday() < 5]


def sessions(generator: Generator) -> Table:
    """A workday session for every weekday before today, numbered so that a group's session on
    a day is found by arithmetic."""
    days = generator.workdays = _weekdays(generator)

    def rows() -> Iterator[tuple[Any, ...]]:
        for g, (cohort, _unit) in enumerate(generator.work_groups):
            for d, day in enumerate(days):
                yield (g * len(days) + d + 1, cohort, at(day, 7), 420, "")

    return Table(
        "cohorts_session", ("id", "cohort_id", "starts_at", "duration_minutes", "topic"), rows()
    )


def attendance(generator: Generator) -> Table:
    """Each member's attendance on every workday of their time in the group; the days sent
    home and the worked days with an incident are kept for the incidents."""
    rng = generator.work_rng
    days = generator.workdays
    group_index = {cohort: g for g, (cohort, _unit) in enumerate(generator.work_groups)}

    def rows() -> Iterator[tuple[Any, ...]]:
        n = 0
        for case in _work_cases(generator):
            cohort = generator.work_group_of[case.id]
            first = bisect.bisect_left(days, case.started_on)
            last = bisect.bisect_right(days, case.end or generator.today)
            for d in range(first, last):
                kind = rng.choices(DAY_KINDS, DAY_SHARES)[0]
                late = rng.randint(5, 45) if kind == "late" else None
                n += 1
                session = group_index[cohort] * len(days) + d + 1
                if kind == "sent_home" or (
                    kind in ("present", "late") and rng.random() < INCIDENT_ON_A_WORKED_DAY
                ):
                    generator.incident_days.append((case, cohort, days[d], kind == "sent_home"))
                yield (n, session, case.id, kind, late, "", case.staff, at(days[d], 16))

    return Table(
        "cohorts_attendance",
        ("id", "session_id", "enrolment_id", "status", "minutes_late", "note",
         "recorded_by_id", "recorded_at"),
        rows(),
    )  # fmt: skip


def incidents(generator: Generator) -> Table:
    rng = generator.work_rng

    def rows() -> Iterator[tuple[Any, ...]]:
        for n, (case, cohort, day, sent_home) in enumerate(generator.incident_days, start=1):
            kind = rng.choice(INCIDENT_KINDS)
            breath = Decimal(rng.randint(0, 8)) / 10 if kind == "alcohol_or_drugs" else None
            unpaid = sent_home and rng.random() < 0.5
            when = at(day, rng.randint(8, 13), rng.choice((0, 15, 30, 45)))
            yield (
                n, case.id, generator.work_unit_of_group[cohort], when, kind, breath,
                rng.random() < 0.3, sent_home, unpaid, "", "", case.staff, when,
            )  # fmt: skip

    return Table(
        "worktraining_incident",
        ("id", "enrolment_id", "work_unit_id", "occurred_at", "kind", "breath_test_per_mille",
         "written_warning", "sent_home", "without_compensation", "return_condition", "note",
         "recorded_by_id", "recorded_at"),
        rows(),
    )  # fmt: skip


def activity_offers(generator: Generator) -> Table:
    """One to three work units presented to each participant in their first weeks, some of them
    recommended; what was chosen, a few weeks later."""
    rng = generator.work_rng
    units_of: dict[int, list[int]] = {}
    for cohort, unit in generator.work_groups:
        units_of.setdefault(unit, []).append(generator.work_unit_of_group[cohort])

    def rows() -> Iterator[tuple[Any, ...]]:
        n = 0
        for case in _work_cases(generator):
            for _offer in range(rng.randint(1, 3)):
                offered = case.started_on + datetime.timedelta(days=rng.randint(0, 30))
                if offered > (case.end or generator.today):
                    continue
                decided = offered + datetime.timedelta(days=rng.randint(3, 21))
                outcome = "pending"
                if decided <= (case.end or generator.today):
                    outcome = rng.choices(("chosen", "declined", "pending"), (55, 35, 10))[0]
                presenter = rng.choice(generator.staff_of_unit[case.unit])
                n += 1
                yield (
                    n, case.id, rng.choice(units_of[case.unit]), offered, presenter,
                    rng.random() < 0.5, outcome, None if outcome == "pending" else decided,
                    outcome == "chosen" and rng.random() < 0.3, "", "", presenter,
                    at(offered, 15),
                )  # fmt: skip

    return Table(
        "worktraining_activityoffer",
        ("id", "enrolment_id", "work_unit_id", "offered_on", "offered_by_id", "recommended",
         "outcome", "decided_on", "chose_themselves", "reason", "obstacle", "recorded_by_id",
         "recorded_at"),
        rows(),
    )  # fmt: skip
