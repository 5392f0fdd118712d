"""Reads of motivational interviewing: a case's target behaviours, each with its stages and
action plans, and the guidance for the latest stage."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.functional import Promise

from lotsa.pathways.models import Enrolment
from lotsa.worktraining.models import (
    BehaviourActionPlan,
    MotivationAssessment,
    TargetBehaviour,
)
from lotsa.worktraining.motivation import STAGE_GUIDANCE


@dataclass(frozen=True)
class BehaviourRecord:
    behaviour: TargetBehaviour
    assessments: list[MotivationAssessment]
    action_plans: list[BehaviourActionPlan]

    @property
    def latest(self) -> MotivationAssessment | None:
        return self.assessments[-1] if self.assessments else None

    @property
    def guidance(self) -> Promise | None:
        return STAGE_GUIDANCE[self.latest.stage] if self.latest else None


def behaviour_records(behaviours: list[TargetBehaviour]) -> list[BehaviourRecord]:
    return [
        BehaviourRecord(b, list(b.assessments.all()), list(b.action_plans.all()))
        for b in behaviours
    ]


def motivation_of(enrolment: Enrolment) -> list[BehaviourRecord]:
    """The case's target behaviours, oldest first, each with its assessments and action plans.
    Three queries whatever their number."""
    behaviours = (
        TargetBehaviour.objects.filter(enrolment=enrolment)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=MotivationAssessment.objects.select_related("recorded_by").order_by(
                    "assessed_on", "id"
                ),
            ),
            Prefetch(
                "action_plans",
                queryset=BehaviourActionPlan.objects.select_related("made_by").order_by(
                    "made_on", "id"
                ),
            ),
        )
    )
    return behaviour_records(list(behaviours))


def motivation_for_extract(enrolment_ids: list[int]) -> dict[int, list[dict[str, object]]]:
    """Every target behaviour of the enrolments with its assessments and action plans, by
    enrolment. Three queries."""
    behaviours = (
        TargetBehaviour.objects.filter(enrolment_id__in=enrolment_ids)
        .order_by("enrolment_id", "created_on", "id")
        .prefetch_related("assessments", "action_plans")
    )
    rows: dict[int, list[dict[str, object]]] = {}
    for behaviour in behaviours:
        rows.setdefault(behaviour.enrolment_id, []).append(
            {
                "problem": behaviour.problem,
                "behaviour": behaviour.behaviour,
                "identified_on": behaviour.created_on,
                "assessments": [
                    {
                        "assessed_on": a.assessed_on,
                        "stage": a.stage,
                        "tool": a.tool,
                        "importance": a.importance,
                        "confidence": a.confidence,
                        "sbk_situation": a.sbk_situation,
                        "sbk_behaviour": a.sbk_behaviour,
                        "sbk_consequence": a.sbk_consequence,
                        "notes": a.notes,
                    }
                    for a in behaviour.assessments.all()
                ],
                "action_plans": [
                    {
                        "made_on": p.made_on,
                        "steps": p.steps,
                        "despite_precontemplation": p.despite_precontemplation,
                    }
                    for p in behaviour.action_plans.all()
                ],
            }
        )
    return rows
