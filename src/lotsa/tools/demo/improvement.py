"""The demo's improvement work in the IPS units: the last of the recommendations that came
into the register as the reviews were finalised goes through a whole PDSA cycle; a coach's
proposal, a benchmarking visit with the improvement that came of it, and the staff's courses."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.improvement.models import CourseKind, Improvement, Level, Source
from lotsa.improvement.services import (
    plan_cycle,
    propose_improvement,
    record_step,
    record_training,
    record_visit,
)
from lotsa.organisations.models import Membership, Role, Unit

COURSES = (
    (CourseKind.IPS, "IPS – grundutbildning", "Regionalt IPS-nätverk", Decimal("24")),
    (
        CourseKind.MOTIVATIONAL_INTERVIEWING,
        "MI – grundkurs",
        "Kommunens kompetenscentrum",
        Decimal("16"),
    ),
    (CourseKind.NPF, "NPF i arbetslivet", "Habiliteringen", Decimal("6")),
)


def _staff(unit: Unit, role: str) -> list[User]:
    """The unit's staff in the role today, by when they joined."""
    return [
        membership.user
        for membership in Membership.objects.active_on(timezone.localdate())
        .filter(unit=unit, role=role)
        .select_related("user")
        .order_by("starts_on", "pk")
    ]


def build_improvement_work() -> None:
    today = timezone.localdate()
    for unit in Unit.objects.filter(fidelity_reviews__isnull=False).distinct().order_by("pk"):
        leaders, coaches = _staff(unit, Role.SUPERVISOR), _staff(unit, Role.COACH)
        if not leaders or not coaches:
            continue
        leader, coach = leaders[0], coaches[0]
        recommended = (
            Improvement.objects.filter(unit=unit, source=Source.FIDELITY).order_by("pk").last()
        )
        if recommended is not None:
            cycle = plan_cycle(
                actor=leader,
                improvement=recommended,
                what="Varje arbetsspecialist bokar två personliga arbetsgivarbesök i veckan.",
                prediction="Minst sex arbetsgivarkontakter per specialist och vecka.",
                measure="Arbetsgivarkontakter per specialist och vecka",
                planned_on=today - datetime.timedelta(days=60),
            )
            record_step(
                actor=leader, cycle=cycle, step="do", on=today - datetime.timedelta(days=55)
            )
            record_step(
                actor=leader,
                cycle=cycle,
                step="study",
                on=today - datetime.timedelta(days=20),
                result="4,5 kontakter per specialist och vecka i snitt.",
            )
            record_step(
                actor=leader,
                cycle=cycle,
                step="act",
                on=today - datetime.timedelta(days=18),
                decision="adapt",
                act_notes="Besöken planeras gemensamt på måndagsmötet.",
            )
        visit = record_visit(
            actor=leader,
            unit=unit,
            we_visited=True,
            partner_name="IPS-teamet i Storstad",
            visited_on=today - datetime.timedelta(days=90),
            topic="Hur arbetsgruppen delar jobbtips och täcker upp för varandra",
            learned="En gemensam lista över jobbtips som gås igenom varje vecka.",
        )
        propose_improvement(
            actor=leader,
            unit=unit,
            title="Gemensam lista över jobbtips",
            source=Source.BENCHMARKING,
            benchmarking_visit=visit,
            impact=Level.HIGH,
            effort=Level.LOW,
            status="planned",
            owner=coach,
        )
        propose_improvement(
            actor=coach,
            unit=unit,
            title="Kortare väg till ekonomisk vägledning",
            source=Source.DEVIATION,
            source_detail="Avvikelse på tavlan: väntetid till budget- och skuldrådgivning",
            impact=Level.HIGH,
            effort=Level.HIGH,
            within_mandate=False,
            decided_by="Socialtjänstens enhetschef",
            owner=coach,
        )
        for index, staff in enumerate([*coaches, leader]):
            for kind, name, provider, hours in COURSES[: 1 + index % len(COURSES)]:
                record_training(
                    actor=leader,
                    staff=staff,
                    kind=kind,
                    course_name=name,
                    provider=provider,
                    completed_on=today - datetime.timedelta(days=200 + 30 * index),
                    hours=hours,
                    certificate=kind == CourseKind.IPS,
                )
