"""Every outcome figure, defined once: the database condition that counts it and the text that
explains it. The report pages, the exports, the API and the definitions page all read these.

A figure is one of four kinds:

* ``Count``: how many records (enrolments, jobs, contacts) meet a condition in the period;
* ``Ratio``: one figure divided by another (a rate in per cent, or e.g. caseload per FTE);
* ``Mean``: the average of a value (days) over the records that meet a condition;
* ``UnitMeasure``: a fact about units rather than people (staff FTE, places), per unit.

A condition that depends on an enrolment's other records (its jobs, profiles, milestones,
follow-ups) reads them as *facts*: values of each enrolment aggregated once from those records
(``Fact``), which the report joins to the enrolments in one grouped pass per kind of record,
whatever the number of figures and quarters that read them. Looking the records up for each
enrolment and each figure instead (``EXISTS``) costs a probe per enrolment per figure per quarter.

This module holds the kinds, the facts and the conditions on enrolments that several reports
share; the figures of each report are in a module of their own: ``ips`` (IPS quarterly outcomes), ``flow``
(programme flow and follow-ups, the AMiA transition indicator), ``throughput`` (KNUT-PV) and
``contacts`` (contacts and services).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.db.models import (
    Aggregate,
    DateField,
    Expression,
    Func,
    IntegerField,
    Max,
    Min,
    Model,
    Q,
    Sum,
    Value,
)
from django.db.models import Count as CountOf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.employment.models import COMPETITIVE, Job, VocationalProfile
from lotsa.organisations.models import Membership, Role
from lotsa.outcomes.periods import Period
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.models import (
    EmploymentStatus,
    EnrolmentStatus,
    FollowUp,
    Milestone,
    UnitProgramme,
)

ENROLMENT, JOB, CONTACT, EVENT = "enrolment", "job", "contact", "event"
IN_WORK_AT_REFERRAL = (EmploymentStatus.IN_WORK, EmploymentStatus.AT_RISK)


@dataclass(frozen=True)
class Fact:
    """A value of each enrolment aggregated from its records of one kind (``records``, which
    have an ``enrolment``): the day of its first counted job, how many competitive jobs it held
    in a period, the day of a milestone. ``aggregate`` (Min, Max, Count) of ``field`` over the
    records that meet ``where``, for the period where the fact depends on one (``per_period``).
    """

    code: str
    records: type[Model]
    aggregate: type[Aggregate]
    field: str
    where: Callable[[Period], Q]
    per_period: bool = False

    def name(self, period: Period) -> str:
        if not self.per_period:
            return self.code
        return f"{self.code}_{period.start:%Y%m%d}_{period.end:%Y%m%d}"

    def value(self, period: Period) -> Aggregate:
        return self.aggregate(self.field, filter=self.where(period))


@dataclass(frozen=True)
class Context:
    """What every figure is computed for: the period, the programme model and the options.

    ``facts`` collects the facts the conditions built with this context read, by the name
    they read them under, so that the query can join them (``outcomes.facts.with_facts``);
    contexts made from it with ``dataclasses.replace`` (a trend's quarters) share it."""

    period: Period
    programme: Programme
    inclusive: bool = False
    facts: dict[str, tuple[Fact, Period]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def fact(self, fact: Fact) -> str:
        """The name under which a condition reads the fact for this context's period."""
        name = fact.name(self.period)
        self.facts[name] = (fact, self.period)
        return name

    def fresh(self) -> Context:
        """The same context collecting facts of its own."""
        return Context(self.period, self.programme, self.inclusive)


class DaysBetween(Func):
    """Whole days from ``earlier`` to ``later``, computed by the database."""

    arity = 2
    output_field = IntegerField()

    def __init__(self, later: Any, earlier: Any) -> None:
        super().__init__(later, earlier)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra
        )


def day(value: datetime.date) -> Value:
    return Value(value, output_field=DateField())


@dataclass(frozen=True)
class Count:
    code: str
    name: Any
    definition: Any
    condition: Callable[[Context], Q]
    base: str = ENROLMENT
    # The code of a figure that counts the records this one leaves out for want of a fact
    # (job starts without their four paid hours recorded), explained beside it on the pages.
    leaves_out: str = ""
    kind: Literal["count"] = field(default="count", init=False)


@dataclass(frozen=True)
class Ratio:
    code: str
    name: Any
    definition: Any
    numerator: str
    denominator: str
    percent: bool = True
    kind: Literal["ratio"] = field(default="ratio", init=False)


@dataclass(frozen=True)
class Mean:
    """The mean of a value over the records that meet the condition, or with ``divisor`` set,
    the sum of the value divided by it (e.g. days served as months)."""

    code: str
    name: Any
    definition: Any
    value: Callable[[Context], Expression]
    condition: Callable[[Context], Q]
    base: str = ENROLMENT
    divisor: Decimal | None = None
    kind: Literal["mean"] = field(default="mean", init=False)


@dataclass(frozen=True)
class UnitMeasure:
    code: str
    name: Any
    definition: Any
    per_unit: Callable[[Context, set[int]], dict[int, Decimal]]
    kind: Literal["unit"] = field(default="unit", init=False)


Metric = Count | Ratio | Mean | UnitMeasure


# ------------------------------------------------------------------ conditions on enrolments


def within(path: str, period: Period) -> Q:
    return Q(**{f"{path}__gte": period.start, f"{path}__lte": period.end})


def started_without_four_paid_hours(ctx: Context) -> Q:
    """Jobs starting in the period that have started by today but whose four paid hours worked
    are not recorded: every figure of job starts leaves them out until the date is recorded."""
    return within("starts_on", ctx.period) & Q(
        starts_on__lte=timezone.localdate(), four_paid_hours_on__isnull=True
    )


UNCOUNTED_JOB_STARTS = "uncounted_job_starts"


def uncounted_job_starts() -> Count:
    return Count(
        UNCOUNTED_JOB_STARTS,
        _("Job starts not counted: four paid hours not recorded"),
        _(
            "Jobs starting in the period, and started by today, whose day of four paid hours "
            "worked is not recorded. The job starts and the figures built on them leave these "
            "jobs out until the day is recorded on the job."
        ),
        started_without_four_paid_hours,
        base=JOB,
    )


def served(ctx: Context) -> Q:
    p = ctx.period
    return (
        Q(start_date__isnull=False, start_date__lte=p.end)
        & (Q(end_date__isnull=True) | Q(end_date__gte=p.start))
        & ~Q(status=EnrolmentStatus.DECLINED)
    )


def open_at_end(ctx: Context) -> Q:
    p = ctx.period
    return (
        Q(start_date__isnull=False, start_date__lte=p.end)
        & (Q(end_date__isnull=True) | Q(end_date__gt=p.end))
        & ~Q(status=EnrolmentStatus.DECLINED)
    )


def in_work_at_referral() -> Q:
    return Q(baseline_employment_status__in=IN_WORK_AT_REFERRAL)


COUNTED_JOB = Q(four_paid_hours_on__isnull=False)  # at least four paid hours worked

FIRST_COUNTED_JOB = Fact("first_counted_job_on", Job, Min, "starts_on", lambda p: COUNTED_JOB)
FIRST_PROFILE = Fact(
    "first_profile_on", VocationalProfile, Min, "written_on", lambda p: Q(version=1)
)
COMPETITIVE_JOBS = Fact(
    "competitive_jobs",
    Job,
    CountOf,
    "pk",
    lambda p: (
        COUNTED_JOB
        & COMPETITIVE
        & Q(starts_on__lte=p.end)
        & (Q(ends_on__isnull=True) | Q(ends_on__gte=p.start))
    ),
    per_period=True,
)


def milestone_day(code: str) -> Fact:
    """The day of the enrolment's milestone (a milestone happens at most once per enrolment)."""
    return Fact(f"milestone_{code}", Milestone, Min, "occurred_on", lambda p: Q(code=code))


def follow_up_status(code: str) -> Fact:
    """The status recorded at the follow-up (recorded at most once per enrolment)."""
    return Fact(f"follow_up_{code}", FollowUp, Max, "status", lambda p: Q(code=code))


def in_competitive_work(ctx: Context) -> Q:
    """Held a counted competitive job at some time in the period."""
    return Q(**{f"{ctx.fact(COMPETITIVE_JOBS)}__gt": 0})


def rate_population(ctx: Context) -> Q:
    return served(ctx) if ctx.inclusive else served(ctx) & ~in_work_at_referral()


def exited_within(ctx: Context) -> Q:
    return Q(status=EnrolmentStatus.EXITED) & within("end_date", ctx.period)


def exited_for(reasons: tuple[str, ...]) -> Callable[[Context], Q]:
    """Enrolments that ended in the period with one of the exit reasons."""
    return lambda ctx: exited_within(ctx) & Q(exit_reason__in=reasons)


def marked_within(mark: str, ctx: Context) -> Q:
    """A flow mark ("start" or a milestone code) dated within the period."""
    if mark == "start":
        return within("start_date", ctx.period)
    return within(ctx.fact(milestone_day(mark)), ctx.period)


def coach_fte(ctx: Context, unit_ids: set[int]) -> dict[int, Decimal]:
    rows = (
        Membership.objects.active_on(ctx.period.end)
        .filter(unit_id__in=unit_ids, role=Role.COACH)
        .values("unit_id")
        .annotate(fte=Sum("fte"))
        .order_by()
    )
    return {row["unit_id"]: row["fte"] for row in rows}


def places(ctx: Context, unit_ids: set[int]) -> dict[int, Decimal]:
    rows = UnitProgramme.objects.filter(
        unit_id__in=unit_ids, programme_code=ctx.programme.code, places__isnull=False
    ).values_list("unit_id", "places")
    return {unit_id: Decimal(count) for unit_id, count in rows if count is not None}
