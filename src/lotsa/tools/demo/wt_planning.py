"""The demo's planning in the work-training units: work units, each unit's first business plan
with its goal chain from the political goal down to an activity goal, adopted, a gender review
in its first two steps, and activities presented to the participants with their choices."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.organisations.models import Role, Unit
from lotsa.pathways.models import OPEN_STATUSES, Enrolment
from lotsa.people.models import ConsentKind
from lotsa.people.queries import withdrawn_consent
from lotsa.worktraining import codes
from lotsa.worktraining.models import Financing, GoalLevel, OfferOutcome, PlanArea, WorkUnit
from lotsa.worktraining.services.offers import record_activity_offer
from lotsa.worktraining.services.planning import (
    adopt_business_plan,
    save_gender_review,
    save_plan_activity,
    save_plan_goal,
    save_plan_section,
    start_business_plan,
)
from lotsa.worktraining.services.units import WorkUnitDetails, save_work_unit

WORK_UNITS = (
    ("Snickeriet", Financing.MIXED),
    ("Textil och second hand", Financing.REVENUE),
    ("Städ och fastighet", Financing.COMMITTEE_GRANT),
)
CHOICES = (OfferOutcome.CHOSEN, OfferOutcome.DECLINED, OfferOutcome.PENDING)


def _member(unit: Unit, role: str) -> User | None:
    return (
        User.objects.filter(memberships__unit=unit, memberships__role=role).order_by("pk").first()
    )


def build_planning() -> None:
    today = timezone.localdate()
    for unit in Unit.objects.filter(programmes__programme_code=codes.PROGRAMME).order_by("pk"):
        leader, supervisor = _member(unit, Role.SUPERVISOR), _member(unit, Role.COACH)
        if leader is None or supervisor is None:
            continue
        work_units = [
            WorkUnit.objects.filter(unit=unit, name=name).first()
            or save_work_unit(
                actor=leader, unit=unit, details=WorkUnitDetails(name=name, financing=financing)
            )
            for name, financing in WORK_UNITS
        ]
        _plan(leader, unit, work_units[0], today)
        _offers(supervisor, unit, work_units, today)


def _plan(leader: User, unit: Unit, work_unit: WorkUnit, today: datetime.date) -> None:
    plan = start_business_plan(actor=leader, work_unit=work_unit, year=today.year)
    mission = plan.sections.filter(area=PlanArea.MISSION).first()
    if mission is not None:
        save_plan_section(
            actor=leader,
            plan=plan,
            section=mission,
            area=mission.area,
            heading=mission.heading,
            weight=3,
            text="Genom praktiskt arbete stärka kvinnor och män att ta ett steg närmare "
            "arbetsmarknaden, med socioterapeutiskt stöd.",
        )
    political = save_plan_goal(
        actor=leader, plan=plan, level=GoalLevel.POLITICAL, text="Fler invånare i egen försörjning"
    )
    administration = save_plan_goal(
        actor=leader,
        plan=plan,
        level=GoalLevel.ADMINISTRATION,
        parent=political,
        text="Minskat behov av försörjningsstöd",
    )
    unit_goal = save_plan_goal(
        actor=leader,
        plan=plan,
        level=GoalLevel.UNIT,
        parent=administration,
        text="Nya deltagare under året",
        measure="inflow",
        target=Decimal(40),
        resources="Tre arbetshandledare, verkstadslokal",
    )
    activity_goal = save_plan_goal(
        actor=leader,
        plan=plan,
        level=GoalLevel.ACTIVITY,
        parent=unit_goal,
        text="Alla deltagare får alla verksamheter presenterade",
    )
    save_plan_activity(
        actor=leader,
        plan=plan,
        goal=activity_goal,
        activity="Kartläggning av könsmönster i verksamheterna",
        starts_on=datetime.date(today.year, 2, 1),
        ends_on=datetime.date(today.year, 3, 31),
        responsible=leader.get_full_name(),
    )
    adopt_business_plan(actor=leader, plan=plan, day=today)
    save_gender_review(
        actor=leader,
        unit=unit,
        year=today.year,
        inventory="Snickeri, textil och second hand, städ och fastighet.",
        patterns="Män hänvisas till snickeriet, kvinnor till textilen; städ är blandat.",
        business_plan=plan,
    )


def _offers(supervisor: User, unit: Unit, work_units: list[WorkUnit], today: datetime.date) -> None:
    cases = Enrolment.objects.filter(
        unit=unit, programme_model=codes.PROGRAMME, status__in=OPEN_STATUSES
    ).order_by("pk")[:6]
    for index, enrolment in enumerate(cases):
        outcome = CHOICES[index % len(CHOICES)]
        if withdrawn_consent(
            enrolment.participant_id, ConsentKind.PARTICIPATION, enrolment.unit_id
        ):
            continue
        record_activity_offer(
            actor=supervisor,
            enrolment=enrolment,
            work_unit=work_units[index % len(work_units)],
            offered_on=today,
            offered_by=supervisor,
            recommended=index % 2 == 0,
            outcome=outcome,
            chose_themselves=outcome == OfferOutcome.CHOSEN,
            reason="Vill hellre arbeta med händerna." if outcome == OfferOutcome.DECLINED else "",
        )
