"""Reads of the improvement work: the register and its matrix, one improvement with its cycles,
benchmarking visits, training records and a unit's competence overview, and the evidence the
fidelity review reads from them.

Scoping: each read takes the unit (or person) its caller has fetched through ``access``; the
register of a unit is for its staff (``VIEW_IMPROVEMENTS``), training records for the person and
the team leaders and managers of the units they work in (``LEAD_UNIT``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core.numbers import rounded
from lotsa.fidelity.models import FidelityReview, ImprovementAction, ReviewStatus
from lotsa.improvement.models import (
    BenchmarkingVisit,
    CourseKind,
    Improvement,
    ImprovementStatus,
    Level,
    PdsaCycle,
    Quadrant,
    TrainingRecord,
)
from lotsa.organisations.models import Membership, Role, Unit


@dataclass(frozen=True)
class RegisterFilter:
    status: str = ""
    source: str = ""
    quadrant: str = ""
    owner_id: int | None = None


QUADRANT_LEVELS: dict[str, Q] = {
    Quadrant.LOW_HANGING_FRUIT: Q(impact=Level.HIGH, effort=Level.LOW),
    Quadrant.MAJOR_PROJECT: Q(impact=Level.HIGH, effort=Level.HIGH),
    Quadrant.QUICK_FIX: Q(impact=Level.LOW, effort=Level.LOW),
    Quadrant.QUESTIONABLE: Q(impact=Level.LOW, effort=Level.HIGH),
    Quadrant.NOT_ASSESSED: Q(impact="") | Q(effort=""),
}


def register_for(unit: Unit, filters: RegisterFilter | None = None) -> list[Improvement]:
    """The unit's improvements with their owner, source links and number of cycles: one query."""
    filters = filters or RegisterFilter()
    improvements = (
        Improvement.objects.filter(unit=unit)
        .select_related("owner", "fidelity_action__review", "benchmarking_visit__partner_unit")
        .annotate(cycle_count=Count("cycles"))
    )
    if filters.status:
        improvements = improvements.filter(status=filters.status)
    if filters.source:
        improvements = improvements.filter(source=filters.source)
    if filters.quadrant in QUADRANT_LEVELS:
        improvements = improvements.filter(QUADRANT_LEVELS[filters.quadrant])
    if filters.owner_id is not None:
        improvements = improvements.filter(owner_id=filters.owner_id)
    return list(improvements)


def matrix_for(unit: Unit) -> dict[Quadrant, list[Improvement]]:
    """The unit's open improvements (neither done nor dropped) in the impact/effort matrix."""
    placed: dict[Quadrant, list[Improvement]] = {quadrant: [] for quadrant in Quadrant}
    for improvement in register_for(unit):
        if improvement.status not in (ImprovementStatus.DONE, ImprovementStatus.DROPPED):
            placed[improvement.quadrant].append(improvement)
    return placed


def improvement_with_cycles(improvement_id: int) -> QuerySet[Improvement]:
    """For ``access.get_unit_record_for``: the improvement with all it shows, in two queries."""
    return (
        Improvement.objects.filter(pk=improvement_id)
        .select_related(
            "unit", "owner", "proposed_by", "fidelity_action__review", "benchmarking_visit"
        )
        .prefetch_related(
            Prefetch(
                "cycles",
                queryset=PdsaCycle.objects.select_related(
                    "planned_by", "done_by", "studied_by", "acted_by"
                ),
            )
        )
    )


def fidelity_actions_to_take_in(unit: Unit) -> list[ImprovementAction]:
    """Improvement actions of the unit's fidelity reviews that are not yet in the register."""
    return list(
        ImprovementAction.objects.filter(unit=unit, improvement__isnull=True)
        .select_related("review")
        .order_by("review_id", "item_number", "pk")
    )


def visits_for(unit: Unit) -> list[BenchmarkingVisit]:
    """The unit's benchmarking visits, each with the improvements that came of it: two queries."""
    return list(
        BenchmarkingVisit.objects.filter(unit=unit)
        .select_related("partner_unit")
        .prefetch_related(Prefetch("improvements", queryset=Improvement.objects.order_by("pk")))
    )


def staff_of(unit: Unit, day: datetime.date) -> QuerySet[Membership]:
    return (
        Membership.objects.active_on(day)
        .filter(unit=unit, role__in=(Role.COACH, Role.SUPERVISOR, Role.MANAGER))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def own_training_for(user: Actor) -> list[TrainingRecord]:
    """One's own courses, for the staff who work in units; the read is logged."""
    access.require(user, access.Action.VIEW_IMPROVEMENTS)
    record(
        AuditEvent.TRAINING_VIEWED,
        actor=user,
        object_type="accounts.user",
        object_id=str(user.pk),
        changes={"staff": [user.pk]},
    )
    return list(TrainingRecord.objects.filter(staff=user))


@dataclass
class CompetenceRow:
    membership: Membership
    trainings: list[TrainingRecord] = field(default_factory=list)

    @property
    def kinds(self) -> set[str]:
        return {training.kind for training in self.trainings}


@dataclass
class CompetenceOverview:
    rows: list[CompetenceRow]
    coaches: int
    coaches_with_ips_training: int

    @property
    def ips_trained_share(self) -> Decimal | None:
        """Coaches with an IPS training among the unit's coaches, in per cent (one decimal)."""
        return share(self.coaches_with_ips_training, self.coaches)


def share(part: int, whole: int) -> Decimal | None:
    return rounded(Decimal(100 * part) / whole, 1) if whole else None


def competence_overview_for(user: Actor, unit_id: object) -> tuple[Unit, CompetenceOverview]:
    """The competence overview of a unit the user leads (404 otherwise), today; the read names
    every member of staff it shows."""
    unit = access.get_unit_for(user, unit_id, access.Action.LEAD_UNIT)
    overview = competence_for(unit, timezone.localdate())
    record(
        AuditEvent.TRAINING_VIEWED,
        actor=user,
        obj=unit,
        changes={"staff": [row.membership.user_id for row in overview.rows]},
    )
    return unit, overview


def competence_for(unit: Unit, day: datetime.date) -> CompetenceOverview:
    """Who of the unit's staff on the day has which training (taken by then): two queries."""
    members = list(staff_of(unit, day))
    trainings: dict[int, list[TrainingRecord]] = defaultdict(list)
    for training in TrainingRecord.objects.filter(
        staff_id__in={m.user_id for m in members}, completed_on__lte=day
    ):
        trainings[training.staff_id].append(training)
    rows = [CompetenceRow(m, trainings[m.user_id]) for m in members]
    coaches = {row.membership.user_id: row for row in rows if row.membership.role == Role.COACH}
    return CompetenceOverview(
        rows=rows,
        coaches=len(coaches),
        coaches_with_ips_training=sum(CourseKind.IPS in row.kinds for row in coaches.values()),
    )


# ------------------------------------------------------------------ evidence for fidelity reviews


@dataclass(frozen=True)
class RecommendationFollowUp:
    """How the unit has worked on the recommendations of its latest final review before a
    review period ends.

    Serves item 11 (b) of IPS-25, "the quality process reviews IPS with the fidelity scale and
    uses the results to improve": the evidence is the previous review (``review``), its
    recommendations (``actions``), how many are in the improvement register (``in_register``),
    how many of those have been tried in at least one PDSA cycle (``tried``), and how many are
    done (``done``). Reviewers are told not to lower a score for recommendations not carried
    out, so this is evidence of use, never a score by itself. ``improvement_ids`` drills through.
    """

    review: FidelityReview | None
    actions: int
    in_register: int
    tried: int
    done: int
    improvement_ids: tuple[int, ...]


def recommendation_follow_up(unit: Unit, period_end: datetime.date) -> RecommendationFollowUp:
    """Two queries: the latest review finalised before ``period_end`` and its actions."""
    review = (
        FidelityReview.objects.filter(
            unit=unit, status=ReviewStatus.FINAL, period_end__lt=period_end
        )
        .order_by("-period_end", "-pk")
        .first()
    )
    if review is None:
        return RecommendationFollowUp(None, 0, 0, 0, 0, ())
    rows = list(
        ImprovementAction.objects.filter(review=review)
        .annotate(
            cycles_done=Count(
                "improvement__cycles",
                filter=Q(improvement__cycles__done_on__lte=period_end),
            )
        )
        .values_list("improvement__pk", "improvement__status", "status", "cycles_done")
    )
    in_register = [row for row in rows if row[0] is not None]
    return RecommendationFollowUp(
        review=review,
        actions=len(rows),
        in_register=len(in_register),
        tried=sum(1 for row in in_register if row[3]),
        done=sum(
            1
            for row in rows
            if row[1] == ImprovementStatus.DONE or (row[0] is None and row[2] == "done")
        ),
        improvement_ids=tuple(sorted(row[0] for row in in_register)),
    )


@dataclass(frozen=True)
class TrainingEvidence:
    """The unit's coaches on the last day of a review period, and those of them who had taken
    an IPS training by then (``ips_trained``, as ids for drill-through).

    IPS-25 has no anchor for training; reviewers read it beside items 3 (vocational
    generalists: coaches able to carry every phase) and 8 (the supervisor's role: mentoring of
    new or struggling coaches), and KNUT units read it as the unit's competence."""

    coaches: tuple[int, ...]
    ips_trained: tuple[int, ...]

    @property
    def share(self) -> Decimal | None:
        return share(len(self.ips_trained), len(self.coaches))


def staff_trained(unit: Unit, period_end: datetime.date) -> TrainingEvidence:
    """One query."""
    coaches = (
        Membership.objects.active_on(period_end)
        .filter(unit=unit, role=Role.COACH)
        .values("user_id")
    )
    rows = list(
        User.objects.filter(pk__in=coaches)
        .annotate(
            ips=Count(
                "training_records",
                filter=Q(
                    training_records__kind=CourseKind.IPS,
                    training_records__completed_on__lte=period_end,
                ),
            )
        )
        .values_list("pk", "ips")
        .order_by("pk")
    )
    return TrainingEvidence(
        coaches=tuple(pk for pk, _ips in rows), ips_trained=tuple(pk for pk, ips in rows if ips)
    )
