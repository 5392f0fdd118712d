"""Reads of a work-training unit's planning: the work units with their business plans, one plan
with its goal chain, activity plan and follow-up against the unit's outcome figures, and the
activities presented to a participant."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from lotsa.core.extracts import Row, by_enrolment, staff_name
from lotsa.organisations.models import Unit
from lotsa.outcomes import metrics as m
from lotsa.outcomes.metrics.throughput import throughput_metrics
from lotsa.outcomes.periods import Period
from lotsa.outcomes.tables import SUPPRESSED, SUPPRESSED_LEGEND, Cell, build_table
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment
from lotsa.worktraining import codes
from lotsa.worktraining.models import (
    ActivityOffer,
    BusinessPlan,
    GenderReview,
    PlanArea,
    PlanGoal,
    PlanSection,
    WorkUnit,
)


def _programme() -> Programme:
    programme = registry().get(codes.PROGRAMME)
    assert programme is not None  # the app's start checks the model is there
    return programme


def _measures() -> list[m.Metric]:
    """The throughput report's figures a goal can be followed up against: its counts and
    ratios (the means per step of the staircase belong to no single goal)."""
    return [
        metric for metric in throughput_metrics(_programme()) if metric.kind in ("count", "ratio")
    ]


def follow_up_measures() -> list[tuple[str, Any]]:
    """(code, name) of the figures a goal's ``measure`` may name."""
    return [(metric.code, metric.name) for metric in _measures()]


def plans_of_unit(unit: Unit) -> list[WorkUnit]:
    """The unit's work units, each with its plans (newest year and version first) as
    ``plans``: two queries, whatever the number of plans."""
    return list(
        WorkUnit.objects.filter(unit=unit).prefetch_related(
            Prefetch(
                "business_plans",
                BusinessPlan.objects.order_by("-year", "-version"),
                to_attr="plans",
            )
        )
    )


def gender_reviews_of(unit: Unit) -> QuerySet[GenderReview]:
    return GenderReview.objects.filter(unit=unit).select_related("business_plan__work_unit")


@dataclass(frozen=True)
class GoalLine:
    goal: PlanGoal
    depth: int
    # The goal's figure for the plan's year, where it names one.
    metric: m.Metric | None
    outcome: Cell | None


@dataclass(frozen=True)
class PlanPage:
    plan: BusinessPlan
    sections: list[tuple[Any, list[PlanSection]]]  # (area label, its headings)
    goals: list[GoalLine]  # the chain, each goal followed by those serving it
    activities: list[Any]
    period: Period


def _chain(goals: list[PlanGoal]) -> list[tuple[PlanGoal, int]]:
    children: dict[int | None, list[PlanGoal]] = {}
    for goal in goals:
        children.setdefault(goal.parent_id, []).append(goal)
    ordered: list[tuple[PlanGoal, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for goal in children.get(parent, []):
            ordered.append((goal, depth))
            walk(goal.pk, depth + 1)

    walk(None, 0)
    return ordered


def year_period(year: int) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def business_plan_page(plan: BusinessPlan, *, limit: int | None) -> PlanPage:
    """A plan with its goals in chain order, each followed up against the unit's KNUT-PV
    figures for the plan's year (small counts hidden for viewers without personal access: the
    ``limit``). The figures are read once for all goals, so the queries do not grow with them."""
    sections = list(plan.sections.all())
    by_area = [(label, [s for s in sections if s.area == area]) for area, label in PlanArea.choices]
    goals = list(plan.goals.select_related("parent"))
    measured = {goal.measure for goal in goals if goal.measure}
    period = year_period(plan.year)
    table = None
    if measured:
        table = build_table(
            throughput_metrics(_programme()),
            m.Context(period, _programme()),
            [plan.work_unit.unit],
            "unit",
            limit=limit,
        )
    rows = {row.metric.code: row for row in table.rows} if table is not None else {}
    lines = []
    for goal, depth in _chain(goals):
        row = rows.get(goal.measure)
        if row is not None:
            lines.append(GoalLine(goal, depth, row.metric, row.cells[-1]))
        else:
            lines.append(GoalLine(goal, depth, None, None))
    activities = list(plan.activities.select_related("goal"))
    return PlanPage(plan, by_area, lines, activities, period)


def offers_of(enrolment: Enrolment) -> list[ActivityOffer]:
    return list(
        ActivityOffer.objects.filter(enrolment=enrolment).select_related("work_unit", "offered_by")
    )


def offers_for_extract(enrolment_ids: list[int]) -> dict[int, list[Row]]:
    """The activities presented to the person of a register extract and their choices, by
    enrolment. One query."""
    offers = (
        ActivityOffer.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("work_unit", "offered_by")
        .order_by("offered_on", "pk")
    )
    return by_enrolment(
        offers,
        lambda offer: {
            "work_unit": offer.work_unit.name,
            "presented_on": offer.offered_on,
            "presented_by": staff_name(offer.offered_by),
            "recommended": offer.recommended,
            "participant_choice": offer.outcome,
            "choice_made_on": offer.decided_on,
            "chose_themselves": offer.chose_themselves,
            "choice_reason": offer.reason,
            "obstacle": offer.obstacle,
        },
    )


def suppression_legend(limit: int) -> str:
    """What a count hidden to protect another shows, as the outcome reports explain it."""
    return str(SUPPRESSED_LEGEND % {"hidden": SUPPRESSED, "limit": limit})
