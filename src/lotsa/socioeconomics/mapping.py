"""From what Lotsa records about a programme's participants to the model's states: the mix of
states they started in, and the shares in work or studies at the end of a period.

Pure functions over plain rows (``EnrolmentRow``): no database, so every rule below can be
checked by hand.

**Baseline.** Each enrolment's baseline income sources name the state it starts in. A person
with several sources is counted once, by the first of ``BASELINE_PRECEDENCE`` they have: the
long-term insurance benefits first (the person's main support, and the one a move into work
ends), then activity support, then social assistance (often a top-up beside another benefit).
A person whose source has no state in the parameter set (unemployment insurance, a salary,
no source recorded) is not valued: they are counted by that source under ``not_valued`` and
left out of the cohort, never dropped silently.

**Outcome.** For each valued person, the situation known at the end of the period, from the
first of these that says anything:

1. a follow-up status the programme model records after the end (e.g. six months after it):
   observed later than the exit, it wins over the exit and over the enrolment's jobs, which
   are no longer kept up to date once the case is closed;
2. a paid job held at the end of the period (started by then and not ended before it);
3. the outcome class of the exit reason, if the enrolment ended within the period.

Work is full-time from ``FULL_TIME_HOURS`` hours a week, part-time below that, and subsidised
when the job's form says so; hours are those of the job held at the point observed, and a
work outcome without a job on record counts as part-time (the cautious choice). Only moves
into work and studies are valued as the programme's effect; any other outcome leaves the
person in their starting state.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from lotsa.socioeconomics.parameter_set import ONE, ZERO

FULL_TIME_HOURS = Decimal(30)

# The income sources in the order that decides a person's starting state.
BASELINE_PRECEDENCE = (
    "sickness_compensation",
    "sickness_benefit",
    "activity_support",
    "social_assistance",
    "student_aid",
    "unemployment_insurance",
    "salary",
    "other",
    "none",
)

# Income source → state code, per country (pathways.IncomeSource → the set's states).
BASELINE_STATES: dict[str, dict[str, str]] = {
    "SE": {
        "social_assistance": "forsorjningsstod",
        "sickness_benefit": "sjukpenning",
        "sickness_compensation": "sjukersattning",
        "activity_support": "aktivitetsstod",
    },
    "DK": {
        "social_assistance": "kontanthjaelp",
        "sickness_benefit": "sygedagpenge",
        "sickness_compensation": "foertidspension",
        "activity_support": "ressourceforloeb",
    },
}

# The kinds of outcome valued as an effect → state code, per country. Denmark's sets have one
# job state, so part-time and subsidised jobs are valued as it.
FULL_TIME, PART_TIME, SUBSIDISED, STUDIES = "full_time", "part_time", "subsidised", "studies"
OUTCOME_STATES: dict[str, dict[str, str]] = {
    "SE": {
        FULL_TIME: "arbete_heltid",
        PART_TIME: "arbete_deltid_50",
        SUBSIDISED: "subventionerat_arbete",
        STUDIES: "studier_csn",
    },
    "DK": {FULL_TIME: "job", PART_TIME: "job", SUBSIDISED: "job", STUDIES: "uddannelse_su"},
}

# Exit outcome classes and follow-up status codes that mean work or studies.
WORK_CODES = frozenset({"work", "job"})
STUDY_CODES = frozenset({"education", "studies"})
# Job forms that are paid work; internships and volunteering are not.
PAID_FORMS = frozenset({"open_market", "subsidised", "other"})

NOT_RECORDED = "not_recorded"  # no baseline income source recorded
FROM_FOLLOW_UP, FROM_JOB, FROM_EXIT = "follow_up", "job", "exit"


@dataclass(frozen=True)
class JobRow:
    starts_on: datetime.date
    ends_on: datetime.date | None
    hours_per_week: Decimal
    form: str

    def held_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


@dataclass(frozen=True)
class FollowUpRow:
    status: str
    observed_on: datetime.date


@dataclass(frozen=True)
class EnrolmentRow:
    """What the mapping reads of one enrolment."""

    enrolment_id: int
    baseline_income_sources: tuple[str, ...]
    exit_outcome: str = ""  # the exit reason's outcome class; empty while open
    end_date: datetime.date | None = None
    jobs: tuple[JobRow, ...] = ()
    follow_ups: tuple[FollowUpRow, ...] = ()


@dataclass(frozen=True)
class MappedCohort:
    """The cohort in the model's terms: ``baseline`` and ``outcomes`` count valued people by
    state; ``not_valued`` counts the others by income source; ``outcome_sources`` says how many
    outcomes each rule gave."""

    country: str
    enrolments: int
    baseline: Mapping[str, int]
    outcomes: Mapping[str, int]
    not_valued: Mapping[str, int]
    outcome_sources: Mapping[str, int] = field(default_factory=dict)
    # Outcome states the parameter set has no state for, by code: counted, not valued.
    outcomes_not_valued: Mapping[str, int] = field(default_factory=dict)

    @property
    def participants(self) -> int:
        return sum(self.baseline.values())

    def baseline_mix(self) -> dict[str, Decimal]:
        return shares_of(self.baseline, self.participants)

    def outcome_shares(self) -> dict[str, Decimal]:
        total = self.participants
        return {state: Decimal(count) / total for state, count in self.outcomes.items() if total}


def shares_of(counts: Mapping[str, int], total: int) -> dict[str, Decimal]:
    """Counts as shares that add up to exactly 1 (the last takes the rounding), as the engine
    requires of a mix."""
    if not total:
        return {}
    shares = {key: Decimal(count) / total for key, count in counts.items() if count}
    last = next(reversed(shares))
    shares[last] = ONE - sum((v for k, v in shares.items() if k != last), ZERO)
    return shares


def baseline_source(sources: Iterable[str]) -> str:
    """The one income source that decides the starting state (``NOT_RECORDED`` for none)."""
    given = set(sources)
    return next((source for source in BASELINE_PRECEDENCE if source in given), NOT_RECORDED)


def baseline_state(sources: Iterable[str], country: str, states: Iterable[str]) -> str | None:
    state = BASELINE_STATES.get(country, {}).get(baseline_source(sources))
    return state if state in set(states) else None


def _work_kind(job: JobRow | None) -> str:
    if job is not None and job.form == "subsidised":
        return SUBSIDISED
    return PART_TIME if job is None or job.hours_per_week < FULL_TIME_HOURS else FULL_TIME


def _job_held(row: EnrolmentRow, day: datetime.date) -> JobRow | None:
    """The paid job with the most hours held that day; of jobs with as many, the latest
    started, and of those an unsubsidised one, so that the outcome never depends on the order
    the jobs were read in."""
    held = [job for job in row.jobs if job.form in PAID_FORMS and job.held_on(day)]
    return max(
        held,
        key=lambda job: (job.hours_per_week, job.starts_on, job.form != "subsidised"),
        default=None,
    )


def outcome_kind(row: EnrolmentRow, period_end: datetime.date) -> tuple[str | None, str | None]:
    """The kind of valued outcome (full-time, part-time, subsidised work or studies; ``None``
    for none) and the rule that gave it (``None`` when nothing is known)."""
    observed = [f for f in row.follow_ups if f.observed_on <= period_end]
    if observed:
        latest = max(observed, key=lambda f: f.observed_on)
        if latest.status in WORK_CODES:
            return _work_kind(_job_held(row, latest.observed_on)), FROM_FOLLOW_UP
        return (STUDIES if latest.status in STUDY_CODES else None), FROM_FOLLOW_UP
    job = _job_held(row, period_end)
    if job is not None:
        return _work_kind(job), FROM_JOB
    if row.end_date is not None and row.end_date <= period_end and row.exit_outcome:
        if row.exit_outcome in WORK_CODES:
            return _work_kind(_job_held(row, row.end_date)), FROM_EXIT
        return (STUDIES if row.exit_outcome in STUDY_CODES else None), FROM_EXIT
    return None, None


def map_cohort(
    rows: Iterable[EnrolmentRow], *, country: str, states: Iterable[str], period_end: datetime.date
) -> MappedCohort:
    """The baseline mix and outcomes of the enrolments for a parameter set of ``country`` with
    ``states``, as known at ``period_end``."""
    known = set(states)
    baseline: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    not_valued: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    outcomes_not_valued: Counter[str] = Counter()
    count = 0
    for row in rows:
        count += 1
        start = baseline_state(row.baseline_income_sources, country, known)
        if start is None:
            not_valued[baseline_source(row.baseline_income_sources)] += 1
            continue
        baseline[start] += 1
        kind, rule = outcome_kind(row, period_end)
        if rule is not None:
            sources[rule] += 1
        if kind is None:
            continue
        state = OUTCOME_STATES[country][kind]
        if state in known:
            outcomes[state] += 1
        else:
            outcomes_not_valued[state] += 1
    return MappedCohort(
        country=country,
        enrolments=count,
        baseline=dict(baseline),
        outcomes=dict(outcomes),
        not_valued=dict(not_valued),
        outcome_sources=dict(sources),
        outcomes_not_valued=dict(outcomes_not_valued),
    )
