"""The IPS quarterly outcomes: participants served, referrals, job starts, the employment rate
and the caseload per employment specialist, as the IPS fidelity and outcome reports count them.
"""

from __future__ import annotations

from django.db.models import F, Q
from django.db.models.lookups import Range
from django.utils.translation import gettext_lazy as _

from lotsa.outcomes.metrics import (
    FIRST_COUNTED_JOB,
    FIRST_PROFILE,
    JOB,
    UNCOUNTED_JOB_STARTS,
    Count,
    DaysBetween,
    Mean,
    Metric,
    Ratio,
    UnitMeasure,
    coach_fte,
    exited_within,
    in_competitive_work,
    in_work_at_referral,
    open_at_end,
    rate_population,
    served,
    uncounted_job_starts,
    within,
)

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
        lambda ctx: served(ctx) & within(ctx.fact(FIRST_PROFILE), ctx.period),
    ),
    Count(
        "first_jobs",
        _("Participants who started a first job"),
        _(
            "Participants served with a job starting in the period and no earlier job. A job "
            "counts once the participant has worked at least four paid hours in it."
        ),
        # A job in the period and none before it: the first counted job starts in the period.
        lambda ctx: served(ctx) & within(ctx.fact(FIRST_COUNTED_JOB), ctx.period),
        leaves_out=UNCOUNTED_JOB_STARTS,
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
        leaves_out=UNCOUNTED_JOB_STARTS,
    ),
    uncounted_job_starts(),
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
        leaves_out=UNCOUNTED_JOB_STARTS,
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
