"""Programme flow for any programme model: referred, admitted, started, completed, dropped out
and re-referred, the status at exit and at each follow-up the model defines; and the AMiA
transition indicator, read from its 90-day follow-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotsa.outcomes.metrics import (
    Context,
    Count,
    Metric,
    Ratio,
    exited_for,
    exited_within,
    follow_up_status,
    marked_within,
    within,
)
from lotsa.pathways.definitions.programme import Programme


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
            exited_for(flow.completed),
        ),
        Count(
            "dropped_out",
            _("Dropped out"),
            _(
                "Enrolments that ended in the period with an exit reason the model counts as dropout."
            ),
            exited_for(flow.dropped_out),
        ),
        Count(
            "re_referred",
            _("Re-referred"),
            _("Enrolments that ended in the period by being sent back to the referring agency."),
            exited_for(flow.re_referred),
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
                exited_for(tuple(reasons)),
            )
        )
    for state in programme.end_states.values():
        ending_in_state = tuple(
            code
            for code, reason in programme.exit_reasons.items()
            if reason.end_state == state.code and code in flow.completed
        )
        metrics.append(
            Count(
                f"end_state_{state.code}",
                state.name,
                _("Of those who completed in the period, the status after the end."),
                exited_for(ending_in_state),
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


def _with_status(ctx: Context, code: str, statuses: list[str]) -> Q:
    return Q(**{f"{ctx.fact(follow_up_status(code))}__in": statuses})


def _recorded(ctx: Context, code: str, recorded: bool = True) -> Q:
    return Q(**{f"{ctx.fact(follow_up_status(code))}__isnull": not recorded})


def follow_up_metrics(follow_up: Any) -> list[Metric]:
    population = _follow_up_population(follow_up)

    def recorded_as(status: str) -> Callable[[Context], Q]:
        return lambda ctx: population(ctx) & _with_status(ctx, follow_up.code, [status])

    metrics: list[Metric] = [
        Count(
            f"{follow_up.code}__{status.code}",
            status.name,
            _(
                "Enrolments whose follow-up counts from a date in the period (the exit, or the "
                "milestone the model names) and whose status at the follow-up was this."
            ),
            recorded_as(status.code),
        )
        for status in follow_up.statuses.values()
    ]
    metrics.append(
        Count(
            f"{follow_up.code}__not_recorded",
            _("Not recorded yet"),
            _("Enrolments whose follow-up counts from a date in the period and is not recorded."),
            lambda ctx: population(ctx) & _recorded(ctx, follow_up.code, recorded=False),
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
            lambda ctx: population(ctx) & _recorded(ctx, follow_up.code),
        ),
        Count(
            "transitioned",
            _("In work, studies or an AF programme"),
            _(
                "Of those with a recorded status, the enrolments in work, in studies or in an "
                "Arbetsförmedlingen programme 90 days after the Work-Life Introduction."
            ),
            lambda ctx: population(ctx) & _with_status(ctx, follow_up.code, positive),
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
