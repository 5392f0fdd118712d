"""The rows of a unit's improvement work: the register, PDSA steps, fidelity recommendations
taken in, benchmarking visits, training records and their reads."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from lotsa.audit.tests.audited.rows import DAYS, TODAY, Call, Case, E, World, one, refused, several
from lotsa.errors import Forbidden
from lotsa.fidelity.models import FidelityReview, ImprovementAction
from lotsa.improvement import queries, services
from lotsa.improvement.models import Improvement, PdsaCycle


def _improvement(w: World) -> Improvement:
    return services.propose_improvement(
        actor=w.personas.team_leader_a,
        unit=w.personas.unit_a,
        title="Veckovisa möten i arbetsgruppen",
        source="other",
        status="planned",
        owner=w.personas.coach_a,
    )


def _planned(w: World) -> PdsaCycle:
    return services.plan_cycle(
        actor=w.personas.coach_a,
        improvement=_improvement(w),
        what="Möte varje måndag",
        prediction="Möten 12 av 13 veckor",
        measure="Veckor med möte",
        planned_on=TODAY - DAYS(10),
    )


def _with_recommendations(w: World) -> Call:
    review = FidelityReview.objects.create(
        unit=w.personas.unit_a,
        scale_code="ips25",
        scale_version=1,
        mode="external",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        status="final",
        created_by=w.personas.reviewer,
    )
    for item in (7, 8):
        ImprovementAction.objects.create(
            unit=w.personas.unit_a, review=review, item_number=item, description="Åtgärd"
        )
    return Call({"actor": w.personas.team_leader_a, "unit": w.personas.unit_a})


def _training(w: World, actor: Any) -> Call:
    return Call(
        {
            "actor": actor,
            "staff": w.personas.coach_a,
            "kind": "ips",
            "course_name": "IPS grundutbildning",
            "completed_on": TODAY - DAYS(30),
            "hours": Decimal("24"),
        }
    )


IMPROVEMENT_WRITES: list[Case] = [
    one(
        services.propose_improvement,
        E.IMPROVEMENT_SAVED,
        lambda w: Call(
            {
                "actor": w.personas.coach_a,
                "unit": w.personas.unit_a,
                "title": "Delad lista med jobbtips",
                "source": "survey",
            }
        ),
    ),
    refused(
        services.propose_improvement,
        E.ACCESS_DENIED,
        lambda w: Call(
            {
                "actor": w.personas.coach_b,
                "unit": w.personas.unit_a,
                "title": "x",
                "source": "other",
            }
        ),
        Forbidden,
        "another unit",
    ),
    one(
        services.update_improvement,
        E.IMPROVEMENT_SAVED,
        lambda w: Call(
            {"actor": w.personas.coach_a, "improvement": _improvement(w), "status": "in_progress"}
        ),
    ),
    several(
        services.take_in_fidelity_actions,
        (E.IMPROVEMENT_SAVED, E.IMPROVEMENT_SAVED),
        _with_recommendations,
        "one improvement saved per recommendation taken in",
    ),
    one(
        services.plan_cycle,
        E.PDSA_STEP_RECORDED,
        lambda w: Call(
            {
                "actor": w.personas.coach_a,
                "improvement": _improvement(w),
                "what": "Möte varje måndag",
                "prediction": "Möten 12 av 13 veckor",
                "measure": "Veckor med möte",
                "planned_on": TODAY - DAYS(10),
            }
        ),
    ),
    one(
        services.record_step,
        E.PDSA_STEP_RECORDED,
        lambda w: Call(
            {"actor": w.personas.team_leader_a, "cycle": _planned(w), "step": "do", "on": TODAY}
        ),
    ),
    one(
        services.record_visit,
        E.BENCHMARKING_VISIT_SAVED,
        lambda w: Call(
            {
                "actor": w.personas.team_leader_a,
                "unit": w.personas.unit_a,
                "we_visited": True,
                "visited_on": TODAY - DAYS(5),
                "topic": "Jobbtips",
                "partner_name": "IPS Storstad",
            }
        ),
    ),
    one(
        services.record_training,
        E.TRAINING_SAVED,
        lambda w: _training(w, w.personas.team_leader_a),
    ),
    refused(
        services.record_training,
        E.ACCESS_DENIED,
        lambda w: _training(w, w.personas.colleague_a),
        Forbidden,
        "a colleague's",
    ),
]

IMPROVEMENT_READS: list[Case] = [
    one(
        queries.own_training_for,
        E.TRAINING_VIEWED,
        lambda w: Call({"user": w.personas.coach_a}),
    ),
    one(
        queries.competence_overview_for,
        E.TRAINING_VIEWED,
        lambda w: Call({"user": w.personas.team_leader_a, "unit_id": w.personas.unit_a.pk}),
    ),
]
