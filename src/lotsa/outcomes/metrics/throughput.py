"""KNUT-PV throughput: inflow, outflow, places used, the time spent on each step of the job
staircase and the exits by reason.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lotsa.outcomes.metrics import (
    EVENT,
    Context,
    Count,
    DaysBetween,
    Mean,
    Metric,
    Ratio,
    UnitMeasure,
    exited_for,
    exited_within,
    open_at_end,
    places,
    within,
)
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.models import EnrolmentEvent, EventKind


def _left_within(phase: str) -> Callable[[Context], Q]:
    """Moves out of the phase in the period."""
    return lambda ctx: (
        Q(kind=EventKind.PHASE_CHANGED, from_phase=phase) & within("occurred_on", ctx.period)
    )


def _entered_phase() -> Coalesce:
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
                _left_within(phase.code),
                base=EVENT,
            )
        )
    metrics.extend(
        Count(
            f"exit_{reason.code}",
            reason.name,
            _("Enrolments that ended in the period with this exit reason."),
            exited_for((reason.code,)),
        )
        for reason in programme.exit_reasons.values()
    )
    return metrics
