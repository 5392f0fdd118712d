"""Every outcome figure, defined once: the database condition that counts it and the text that
explains it. The report pages, the exports, the API and the definitions page all read these.

A figure is one of four kinds:

* ``Count``: how many records (enrolments, jobs, contacts) meet a condition in the period;
* ``Ratio``: one figure divided by another (a rate in per cent, or e.g. caseload per FTE);
* ``Mean``: the average of a value (days) over the records that meet a condition;
* ``UnitMeasure``: a fact about units rather than people (staff FTE, places), per unit.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    DateField,
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.db.models.lookups import GreaterThanOrEqual, Range
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lotsa.casework.models import Contact, ContactMode, ContactOutcome, ContactPlace
from lotsa.employment.models import COMPETITIVE, Job, VocationalProfile
from lotsa.employment.queries import FIRST_MONTH_WEEKS, MONTHLY_DAYS
from lotsa.organisations.models import Membership, Role
from lotsa.outcomes.periods import Period
from lotsa.pathways.definitions import Programme
from lotsa.pathways.models import (
    EmploymentStatus,
    EnrolmentEvent,
    EnrolmentStatus,
    EventKind,
    FollowUp,
    Milestone,
    UnitProgramme,
)

ENROLMENT, JOB, CONTACT, EVENT = "enrolment", "job", "contact", "event"
IN_WORK_AT_REFERRAL = (EmploymentStatus.IN_WORK, EmploymentStatus.AT_RISK)
DAYS_PER_MONTH = Decimal("30.4375")


@dataclass(frozen=True)
class Context:
    """What every figure is computed for: the period, the programme model and the options."""

    period: Period
    programme: Programme
    inclusive: bool = False


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
    kind: str = field(default="count", init=False)


@dataclass(frozen=True)
class Ratio:
    code: str
    name: Any
    definition: Any
    numerator: str
    denominator: str
    percent: bool = True
    kind: str = field(default="ratio", init=False)


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
    kind: str = field(default="mean", init=False)


@dataclass(frozen=True)
class UnitMeasure:
    code: str
    name: Any
    definition: Any
    per_unit: Callable[[Context, set[int]], dict[int, Decimal]]
    kind: str = field(default="unit", init=False)


Metric = Count | Ratio | Mean | UnitMeasure


# ------------------------------------------------------------------ conditions on enrolments


def within(path: str, period: Period) -> Q:
    return Q(**{f"{path}__gte": period.start, f"{path}__lte": period.end})


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


def counted_jobs(enrolment_ref: str = "pk") -> Any:
    """Jobs of the enrolment that count: at least four paid hours have been worked."""
    return Job.objects.filter(enrolment=OuterRef(enrolment_ref), four_paid_hours_on__isnull=False)


def in_competitive_work(ctx: Context) -> Q:
    p = ctx.period
    return Q(
        Exists(
            counted_jobs()
            .filter(COMPETITIVE, starts_on__lte=p.end)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=p.start))
        )
    )


def rate_population(ctx: Context) -> Q:
    return served(ctx) if ctx.inclusive else served(ctx) & ~in_work_at_referral()


def exited_within(ctx: Context) -> Q:
    return Q(status=EnrolmentStatus.EXITED) & within("end_date", ctx.period)


def marked_within(mark: str, ctx: Context) -> Q:
    """A flow mark ("start" or a milestone code) dated within the period."""
    if mark == "start":
        return within("start_date", ctx.period)
    return Q(
        Exists(
            Milestone.objects.filter(enrolment=OuterRef("pk"), code=mark).filter(
                within("occurred_on", ctx.period)
            )
        )
    )


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
    return {unit_id: Decimal(count) for unit_id, count in rows}


# ------------------------------------------------------------------ IPS quarterly outcomes

SERVED = Count(
    "served",
    _("Participants served"),
    _(
        "Enrolments that had started and had not ended before the period began, at any "
        "time in the period (declined referrals are not counted)."
    ),
    served,
)

IPS_QUARTERLY: list[Metric] = [
    SERVED,
    Count(
        "referrals",
        _("Referrals received"),
        _("Enrolments whose referral date is in the period."),
        lambda ctx: within("referral_date", ctx.period),
    ),
    Count(
        "referrals_in_work",
        _("Referrals already in work"),
        _(
            "Referrals received in the period whose situation at the start was recorded as in "
            "work, or in work but at risk of losing it."
        ),
        lambda ctx: within("referral_date", ctx.period) & in_work_at_referral(),
    ),
    Count(
        "profiles_started",
        _("Vocational profiles started"),
        _("Participants served whose first vocational profile is dated in the period."),
        lambda ctx: (
            served(ctx)
            & Q(
                Exists(
                    VocationalProfile.objects.filter(enrolment=OuterRef("pk"), version=1).filter(
                        within("written_on", ctx.period)
                    )
                )
            )
        ),
    ),
    Count(
        "first_jobs",
        _("Participants who started a first job"),
        _(
            "Participants served with a job starting in the period and no earlier job. A job "
            "counts once the participant has worked at least four paid hours in it."
        ),
        lambda ctx: (
            served(ctx)
            & Q(Exists(counted_jobs().filter(within("starts_on", ctx.period))))
            & ~Q(Exists(counted_jobs().filter(starts_on__lt=ctx.period.start)))
        ),
    ),
    Count(
        "job_starts",
        _("Job starts"),
        _(
            "Jobs starting in the period, of the enrolments of the report; a participant with "
            "two jobs counts twice. A job counts once at least four paid hours are worked."
        ),
        lambda ctx: within("starts_on", ctx.period) & Q(four_paid_hours_on__isnull=False),
        base=JOB,
    ),
    Count(
        "in_competitive_work",
        _("Participants in competitive work"),
        _(
            "Participants served who held a competitive job at any time in the period; a "
            "participant with two jobs counts once. Competitive: an open-market job, paid at "
            "least the customary wage, not reserved for disabled people and not time-limited "
            "by a programme, with at least four paid hours worked."
        ),
        lambda ctx: served(ctx) & in_competitive_work(ctx),
    ),
    Count(
        "discharges",
        _("Discharges"),
        _("Enrolments that ended in the period."),
        exited_within,
    ),
    Count(
        "rate_denominator",
        _("Served, for the employment rate"),
        _(
            "Participants served, leaving out those in work at referral (the international "
            "convention). With the inclusive variant, all participants served."
        ),
        rate_population,
    ),
    Count(
        "rate_numerator",
        _("In competitive work, for the employment rate"),
        _("Of those counted for the employment rate, the participants in competitive work."),
        lambda ctx: rate_population(ctx) & in_competitive_work(ctx),
    ),
    Ratio(
        "employment_rate",
        _("Employment rate"),
        _(
            "Participants in competitive work in the period divided by participants served, "
            "both leaving out those in work at referral (or including them, in the inclusive "
            "variant)."
        ),
        "rate_numerator",
        "rate_denominator",
    ),
    Mean(
        "days_to_employer_contact",
        _("Mean days to first employer contact"),
        _(
            "For participants served whose first face-to-face employer contact on their "
            "behalf took place in the period: the mean number of days from the start of the "
            "enrolment to that contact."
        ),
        lambda ctx: DaysBetween(F("first_employer_contact_on"), F("start_date")),
        lambda ctx: (
            served(ctx)
            & Q(Range(F("first_employer_contact_on"), (ctx.period.start, ctx.period.end)))
        ),
    ),
    Count(
        "caseload_at_end",
        _("Active caseload at the end of the period"),
        _("Enrolments started and not ended on the last day of the period."),
        open_at_end,
    ),
    UnitMeasure(
        "coach_fte",
        _("Employment specialists (FTE)"),
        _(
            "The full-time equivalents of the coach memberships of the unit active on the last "
            "day of the period."
        ),
        coach_fte,
    ),
    Ratio(
        "caseload_per_fte",
        _("Active caseload per FTE"),
        _(
            "The active caseload at the end of the period divided by the employment specialists' FTE."
        ),
        "caseload_at_end",
        "coach_fte",
        percent=False,
    ),
    Count(
        "caseload_in_work_at_referral",
        _("Caseload in work at referral"),
        _("Of the active caseload at the end of the period, those in work at referral."),
        lambda ctx: open_at_end(ctx) & in_work_at_referral(),
    ),
    Ratio(
        "in_work_at_referral_share",
        _("Share of the caseload in work at referral"),
        _("Caseload in work at referral divided by the active caseload at the end of the period."),
        "caseload_in_work_at_referral",
        "caseload_at_end",
    ),
]


# ------------------------------------------------------------------ programme flow


def _exited_for(reasons: tuple[str, ...]) -> Callable[[Context], Q]:
    return lambda ctx: exited_within(ctx) & Q(exit_reason__in=reasons)


def flow_metrics(programme: Programme) -> list[Metric]:
    """Referred, admitted, started, completed, dropped out, re-referred; status at exit by
    outcome class and end state; and each follow-up's status, for one programme model."""
    flow = programme.flow
    metrics: list[Metric] = [
        Count(
            "referred",
            _("Referred"),
            _("Enrolments whose referral date is in the period."),
            lambda ctx: within("referral_date", ctx.period),
        ),
        Count(
            "admitted",
            _("Admitted"),
            _(
                "Enrolments admitted in the period: the programme model's admission milestone, "
                "or the start of the enrolment where the model has none."
            ),
            lambda ctx: marked_within(ctx.programme.flow.admitted, ctx),
        ),
        Count(
            "started",
            _("Started"),
            _(
                "Enrolments that started the programme in the period: the model's start "
                "milestone (for JOM, teaching started), or the start of the enrolment."
            ),
            lambda ctx: marked_within(ctx.programme.flow.started, ctx),
        ),
        Count(
            "completed",
            _("Completed"),
            _(
                "Enrolments that ended in the period with an exit reason the model counts as completion."
            ),
            _exited_for(flow.completed),
        ),
        Count(
            "dropped_out",
            _("Dropped out"),
            _(
                "Enrolments that ended in the period with an exit reason the model counts as dropout."
            ),
            _exited_for(flow.dropped_out),
        ),
        Count(
            "re_referred",
            _("Re-referred"),
            _("Enrolments that ended in the period by being sent back to the referring agency."),
            _exited_for(flow.re_referred),
        ),
        Count(
            "exited",
            _("Ended"),
            _("Enrolments that ended in the period, for any reason."),
            exited_within,
        ),
    ]
    by_outcome: dict[str, list[str]] = {}
    for reason in programme.exit_reasons.values():
        by_outcome.setdefault(reason.outcome, []).append(reason.code)
    for outcome, reasons in by_outcome.items():
        metrics.append(
            Count(
                f"outcome_{outcome}",
                OUTCOME_NAMES.get(outcome, outcome),
                _("Enrolments that ended in the period with an exit reason of this outcome class."),
                _exited_for(tuple(reasons)),
            )
        )
    for state in programme.end_states.values():
        reasons = tuple(
            code
            for code, reason in programme.exit_reasons.items()
            if reason.end_state == state.code and code in flow.completed
        )
        metrics.append(
            Count(
                f"end_state_{state.code}",
                state.name,
                _("Of those who completed in the period, the status after the end."),
                _exited_for(reasons),
            )
        )
    for follow_up in programme.follow_ups.values():
        metrics.extend(follow_up_metrics(follow_up))
    return metrics


def _follow_up_population(follow_up: Any) -> Callable[[Context], Q]:
    """Enrolments whose follow-up counts from a date in the period (the exit or a milestone)."""
    if follow_up.after == "exit":
        return exited_within
    return lambda ctx: marked_within(follow_up.after, ctx)


def _with_status(code: str, statuses: list[str]) -> Q:
    return Q(
        Exists(FollowUp.objects.filter(enrolment=OuterRef("pk"), code=code, status__in=statuses))
    )


def follow_up_metrics(follow_up: Any) -> list[Metric]:
    population = _follow_up_population(follow_up)
    metrics: list[Metric] = [
        Count(
            f"{follow_up.code}__{status.code}",
            status.name,
            _(
                "Enrolments whose follow-up counts from a date in the period (the exit, or the "
                "milestone the model names) and whose status at the follow-up was this."
            ),
            lambda ctx, s=status.code: population(ctx) & _with_status(follow_up.code, [s]),
        )
        for status in follow_up.statuses.values()
    ]
    metrics.append(
        Count(
            f"{follow_up.code}__not_recorded",
            _("Not recorded yet"),
            _("Enrolments whose follow-up counts from a date in the period and is not recorded."),
            lambda ctx: (
                population(ctx)
                & ~Q(Exists(FollowUp.objects.filter(enrolment=OuterRef("pk"), code=follow_up.code)))
            ),
        )
    )
    return metrics


OUTCOME_NAMES = {
    "work": _("Work"),
    "education": _("Education"),
    "other_programme": _("Other programme or service"),
    "sickness_benefit": _("Sickness benefit"),
    "sickness_compensation": _("Sickness or activity compensation"),
    "social_assistance": _("Social assistance / cash benefit"),
    "moved": _("Moved"),
    "withdrew_consent": _("Withdrew consent"),
    "deceased": _("Deceased"),
    "other": _("Other"),
}


# ------------------------------------------------------------------ AMiA transition indicator


def transition_metrics(programme: Programme) -> list[Metric]:
    """Status 90 days after the Work-Life Introduction: in work, studies or an AF programme."""
    follow_up = next(iter(programme.follow_ups.values()))
    positive = [s.code for s in follow_up.statuses.values() if s.positive]
    population = _follow_up_population(follow_up)
    return [
        Count(
            "through_ali",
            _("Went through the Work-Life Introduction"),
            _("Enrolments whose Work-Life Introduction ended in the period."),
            population,
        ),
        Count(
            "transition_recorded",
            _("Status recorded 90 days after"),
            _("Of those, the enrolments whose status 90 days after the end is recorded."),
            lambda ctx: (
                population(ctx)
                & Q(Exists(FollowUp.objects.filter(enrolment=OuterRef("pk"), code=follow_up.code)))
            ),
        ),
        Count(
            "transitioned",
            _("In work, studies or an AF programme"),
            _(
                "Of those with a recorded status, the enrolments in work, in studies or in an "
                "Arbetsförmedlingen programme 90 days after the Work-Life Introduction."
            ),
            lambda ctx: population(ctx) & _with_status(follow_up.code, positive),
        ),
        Ratio(
            "transition_rate",
            _("Transition rate"),
            _(
                "In work, studies or an Arbetsförmedlingen programme 90 days after the "
                "Work-Life Introduction, divided by those whose status is recorded."
            ),
            "transitioned",
            "transition_recorded",
        ),
        *follow_up_metrics(follow_up),
    ]


# ------------------------------------------------------------------ KNUT-PV throughput


def _entered_phase() -> Subquery:
    """The day the enrolment entered the phase an event leaves: the latest earlier move into it,
    or the start of the enrolment for the first phase."""
    moved_in = (
        EnrolmentEvent.objects.filter(
            enrolment=OuterRef("enrolment"),
            kind=EventKind.PHASE_CHANGED,
            to_phase=OuterRef("from_phase"),
            occurred_on__lte=OuterRef("occurred_on"),
        )
        .exclude(pk=OuterRef("pk"))
        .order_by("-occurred_on", "-id")
        .values("occurred_on")[:1]
    )
    return Coalesce(Subquery(moved_in), F("enrolment__start_date"))


def throughput_metrics(programme: Programme) -> list[Metric]:
    metrics: list[Metric] = [
        Count(
            "inflow",
            _("Inflow"),
            _("Enrolments that started in the period."),
            lambda ctx: within("start_date", ctx.period),
        ),
        Count("outflow", _("Outflow"), _("Enrolments that ended in the period."), exited_within),
        Count(
            "places_used",
            _("Places used at the end of the period"),
            _("Enrolments started and not ended on the last day of the period."),
            open_at_end,
        ),
        UnitMeasure(
            "places",
            _("Places available"),
            _("The places the unit has for this programme model, as set by the administrator."),
            places,
        ),
        Ratio(
            "occupancy",
            _("Occupancy"),
            _("Places used at the end of the period divided by the places available."),
            "places_used",
            "places",
        ),
    ]
    for phase in programme.phases.values():
        if phase.terminal:
            continue
        metrics.append(
            Mean(
                f"days_in_{phase.code}",
                phase.name,
                _(
                    "Mean days spent on this step, over the moves out of it in the period: from "
                    "the day the enrolment entered the step to the day it left."
                ),
                lambda ctx: DaysBetween(F("occurred_on"), _entered_phase()),
                lambda ctx, code=phase.code: (
                    Q(kind=EventKind.PHASE_CHANGED, from_phase=code)
                    & within("occurred_on", ctx.period)
                ),
                base=EVENT,
            )
        )
    metrics.extend(
        Count(
            f"exit_{reason.code}",
            reason.name,
            _("Enrolments that ended in the period with this exit reason."),
            _exited_for((reason.code,)),
        )
        for reason in programme.exit_reasons.values()
    )
    return metrics


# ------------------------------------------------------------------ contacts and services


def held_contacts(ctx: Context) -> Q:
    return Q(outcome=ContactOutcome.HELD) & within("occurred_on", ctx.period)


def face_to_face_held(ctx: Context) -> Q:
    return held_contacts(ctx) & Q(mode=ContactMode.FACE_TO_FACE)


def months_served(ctx: Context) -> Expression:
    """Days of the enrolment inside the period (first and last day included)."""
    p = ctx.period
    return DaysBetween(
        Least(Coalesce(F("end_date"), day(p.end)), day(p.end)),
        Greatest(F("start_date"), day(p.start)),
    ) + Value(1)


def support_contact_between(first: int, last: int) -> Q:
    """A support contact linked to the job from ``first`` to ``last`` days after its start."""
    offset = DaysBetween(F("occurred_on"), OuterRef("starts_on"))
    return Q(
        Exists(
            Contact.objects.filter(job=OuterRef("pk"), outcome=ContactOutcome.HELD)
            .annotate(offset=offset)
            .filter(offset__gte=first, offset__lte=last)
        )
    )


def counted_job_starts(ctx: Context) -> Q:
    return within("starts_on", ctx.period) & Q(four_paid_hours_on__isnull=False)


FIRST_MONTH_DAYS = 7 * FIRST_MONTH_WEEKS


def first_month_ended(ctx: Context) -> Q:
    """Counted jobs whose first four weeks ended in the period, still held at their end."""
    p = ctx.period
    last_day = datetime.timedelta(days=FIRST_MONTH_DAYS - 1)
    return Q(
        starts_on__gte=p.start - last_day,
        starts_on__lte=p.end - last_day,
        four_paid_hours_on__isnull=False,
    ) & (
        Q(ends_on__isnull=True)
        | Q(GreaterThanOrEqual(DaysBetween(F("ends_on"), F("starts_on")), FIRST_MONTH_DAYS - 1))
    )


def supported_every_week() -> Q:
    condition = Q()
    for week in range(FIRST_MONTH_WEEKS):
        condition &= support_contact_between(7 * week, 7 * week + 6)
    return condition


def in_monthly_follow_along(ctx: Context) -> Q:
    """Counted jobs still held on the last day of the period and past their first month by at
    least a month, so that a monthly support contact was due within the last month."""
    end = ctx.period.end
    return Q(
        four_paid_hours_on__isnull=False,
        starts_on__lte=end - datetime.timedelta(days=FIRST_MONTH_DAYS + MONTHLY_DAYS - 1),
    ) & (Q(ends_on__isnull=True) | Q(ends_on__gte=end))


def supported_in_last_month(ctx: Context) -> Q:
    end = ctx.period.end
    return Q(
        Exists(
            Contact.objects.filter(
                job=OuterRef("pk"),
                outcome=ContactOutcome.HELD,
                occurred_on__gt=end - datetime.timedelta(days=MONTHLY_DAYS),
                occurred_on__lte=end,
            )
        )
    )


CONTACT_STATISTICS: list[Metric] = [
    SERVED,
    Mean(
        "participant_months",
        _("Participant-months"),
        _(
            "The days each enrolment served was open within the period, added up and divided "
            "by 30.4375 (the days of an average month)."
        ),
        lambda ctx: months_served(ctx),
        served,
        divisor=DAYS_PER_MONTH,
    ),
    Count(
        "contacts_held",
        _("Contacts held"),
        _(
            "Contacts in the period that took place (missed meetings and outreach attempts are not counted)."
        ),
        held_contacts,
        base=CONTACT,
    ),
    Ratio(
        "contacts_per_participant_month",
        _("Contacts per participant-month"),
        _("Contacts held divided by participant-months."),
        "contacts_held",
        "participant_months",
        percent=False,
    ),
    Count(
        "face_to_face_held",
        _("Face-to-face contacts held"),
        _("Contacts held in the period face to face."),
        face_to_face_held,
        base=CONTACT,
    ),
    Count(
        "community_contacts",
        _("Face-to-face contacts in the community"),
        _(
            "Face-to-face contacts held in the period outside the office: in the community, at a workplace or at home."
        ),
        lambda ctx: (
            face_to_face_held(ctx)
            & Q(place__in=(ContactPlace.COMMUNITY, ContactPlace.WORKPLACE, ContactPlace.HOME))
        ),
        base=CONTACT,
    ),
    Ratio(
        "community_share",
        _("Community-based share"),
        _("Face-to-face contacts in the community divided by all face-to-face contacts held."),
        "community_contacts",
        "face_to_face_held",
    ),
    Count(
        "counted_job_starts",
        _("Job starts"),
        _("Jobs starting in the period with at least four paid hours worked."),
        counted_job_starts,
        base=JOB,
    ),
    Count(
        "support_before_start",
        _("Support in the week before the start"),
        _(
            "Of those job starts, the jobs with a support contact in the seven days before the start."
        ),
        lambda ctx: counted_job_starts(ctx) & support_contact_between(-7, -1),
        base=JOB,
    ),
    Ratio(
        "support_before_start_share",
        _("Share supported before the start"),
        _("Jobs with support in the week before the start divided by job starts."),
        "support_before_start",
        "counted_job_starts",
    ),
    Count(
        "support_first_days",
        _("Support within 3 days of the start"),
        _(
            "Of those job starts, the jobs with a support contact on the start day or within three days after it."
        ),
        lambda ctx: counted_job_starts(ctx) & support_contact_between(0, 3),
        base=JOB,
    ),
    Ratio(
        "support_first_days_share",
        _("Share supported within 3 days"),
        _("Jobs with support within 3 days of the start divided by job starts."),
        "support_first_days",
        "counted_job_starts",
    ),
    Count(
        "first_month_ended",
        _("Jobs past their first four weeks"),
        _(
            "Jobs with at least four paid hours worked whose first four weeks ended in the "
            "period, still held on the last of those days."
        ),
        first_month_ended,
        base=JOB,
    ),
    Count(
        "supported_every_week",
        _("Support every week of the first month"),
        _(
            "Of those jobs, the ones with a support contact in each of the first four weeks "
            "(days 0–6, 7–13, 14–20 and 21–27 after the start)."
        ),
        lambda ctx: first_month_ended(ctx) & supported_every_week(),
        base=JOB,
    ),
    Ratio(
        "supported_every_week_share",
        _("Share supported every week of the first month"),
        _(
            "Jobs with support in each of the first four weeks divided by jobs past their first four weeks."
        ),
        "supported_every_week",
        "first_month_ended",
    ),
    Count(
        "monthly_follow_along",
        _("Jobs due a monthly support contact"),
        format_lazy(
            _(
                "Jobs with at least four paid hours worked, still held on the last day of the "
                "period and held for at least {days} days by then: the first four weeks and a "
                "whole month after them."
            ),
            days=FIRST_MONTH_DAYS + MONTHLY_DAYS,
        ),
        in_monthly_follow_along,
        base=JOB,
    ),
    Count(
        "supported_last_month",
        _("Support in the last month of the period"),
        format_lazy(
            _(
                "Of those jobs, the ones with a support contact in the last {days} days of the period."
            ),
            days=MONTHLY_DAYS,
        ),
        lambda ctx: in_monthly_follow_along(ctx) & supported_in_last_month(ctx),
        base=JOB,
    ),
    Ratio(
        "supported_last_month_share",
        _("Share supported monthly"),
        _(
            "Jobs with support in the last month of the period divided by jobs due a monthly support contact."
        ),
        "supported_last_month",
        "monthly_follow_along",
    ),
]
