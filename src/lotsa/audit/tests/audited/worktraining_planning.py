"""The rows of a work-training unit's planning: business plans, activity offers, gender reviews and statistics."""

from __future__ import annotations

import datetime
from typing import Any

from lotsa import access
from lotsa.audit.tests.audited.rows import DAYS, TODAY, Call, Case, E, World, on_case, one, refused
from lotsa.errors import Forbidden
from lotsa.testing.factories import WorkUnitFactory
from lotsa.worktraining import gender
from lotsa.worktraining.models import BusinessPlan, GoalLevel, OfferOutcome, WorkUnit
from lotsa.worktraining.services import offers, planning

YEAR = TODAY.year


def _work_unit(w: World) -> WorkUnit:
    return WorkUnitFactory(unit=w.knut.unit, name="Snickeriet")


def _plan(w: World, *, adopted: bool = False) -> BusinessPlan:
    plan = planning.start_business_plan(
        actor=w.knut.team_leader, work_unit=_work_unit(w), year=YEAR
    )
    if adopted:
        planning.save_plan_goal(
            actor=w.knut.team_leader, plan=plan, level=GoalLevel.POLITICAL, text="Fler i arbete"
        )
        planning.adopt_business_plan(actor=w.knut.team_leader, plan=plan, day=TODAY)
    return plan


def _on_plan(w: World, **kwargs: Any) -> Call:
    return Call({"actor": w.knut.team_leader, "plan": _plan(w), **kwargs})


def _offer(w: World) -> Any:
    return offers.record_activity_offer(**_offer_call(w).kwargs)


def _offer_call(w: World) -> Call:
    return on_case(
        w.knut.enrolment,
        w.knut.work_supervisor,
        work_unit=_work_unit(w),
        offered_on=TODAY - DAYS(3),
        offered_by=w.knut.work_supervisor,
    )


def _activity(w: World) -> Call:
    planned = _planned(w, _plan(w, adopted=False))
    return Call(
        {"actor": w.knut.team_leader, "planned": planned, "status": "done", "follow_up": "Bra."}
    )


def _goal_with_an_activity(w: World) -> Call:
    plan = _plan(w)
    goal = planning.save_plan_goal(
        actor=w.knut.team_leader, plan=plan, level=GoalLevel.POLITICAL, text="Fler i arbete"
    )
    _planned(w, plan, goal)
    return Call({"actor": w.knut.team_leader, "goal": goal, "with_activities": True})


def _planned(w: World, plan: BusinessPlan, goal: Any = None) -> Any:
    return planning.save_plan_activity(
        actor=w.knut.team_leader,
        plan=plan,
        activity="Studiebesök",
        goal=goal,
        starts_on=datetime.date(YEAR, 3, 1),
        ends_on=datetime.date(YEAR, 3, 1),
        responsible="Lena",
    )


def _section(w: World) -> Call:
    return Call({"actor": w.knut.team_leader, "section": _plan(w).sections.first()})


WORKTRAINING_PLANNING_WRITES: list[Case] = [
    one(
        planning.start_business_plan,
        E.BUSINESS_PLAN_SAVED,
        lambda w: Call({"actor": w.knut.team_leader, "work_unit": _work_unit(w), "year": YEAR}),
    ),
    one(
        planning.save_plan_section,
        E.BUSINESS_PLAN_SAVED,
        lambda w: _on_plan(w, area="mission", heading="Värdegrund"),
    ),
    one(planning.remove_plan_section, E.BUSINESS_PLAN_SAVED, _section),
    one(
        planning.save_plan_goal,
        E.BUSINESS_PLAN_SAVED,
        lambda w: _on_plan(w, level=GoalLevel.POLITICAL, text="Fler i arbete"),
    ),
    one(
        planning.save_plan_activity,
        E.BUSINESS_PLAN_SAVED,
        lambda w: _on_plan(
            w,
            activity="Studiebesök",
            starts_on=datetime.date(YEAR, 3, 1),
            ends_on=datetime.date(YEAR, 3, 1),
            responsible="Lena",
        ),
    ),
    one(planning.follow_up_plan_activity, E.BUSINESS_PLAN_SAVED, _activity),
    one(planning.remove_plan_goal, E.BUSINESS_PLAN_SAVED, _goal_with_an_activity),
    one(
        planning.remove_plan_activity,
        E.BUSINESS_PLAN_SAVED,
        lambda w: Call({"actor": w.knut.team_leader, "planned": _planned(w, _plan(w))}),
    ),
    one(
        planning.adopt_business_plan,
        E.BUSINESS_PLAN_SAVED,
        lambda w: Call(
            {
                "actor": w.knut.team_leader,
                "plan": planning.save_plan_goal(
                    actor=w.knut.team_leader,
                    plan=_plan(w),
                    level=GoalLevel.POLITICAL,
                    text="Fler i arbete",
                ).plan,
                "day": TODAY,
            }
        ),
    ),
    one(
        planning.save_gender_review,
        E.GENDER_REVIEW_SAVED,
        lambda w: Call(
            {
                "actor": w.knut.team_leader,
                "unit": w.knut.unit,
                "year": YEAR,
                "inventory": "Snickeri, textil och städ.",
            }
        ),
    ),
    one(offers.record_activity_offer, E.ACTIVITY_OFFER_RECORDED, _offer_call),
    one(
        offers.decide_activity_offer,
        E.ACTIVITY_OFFER_RECORDED,
        lambda w: Call(
            {
                "actor": w.knut.work_supervisor,
                "offer": _offer(w),
                "outcome": OfferOutcome.CHOSEN,
                "day": TODAY,
            },
            w.knut.enrolment.participant_id,
        ),
    ),
]
WORKTRAINING_PLANNING_READS: list[Case] = [
    one(
        gender.gender_statistics_for,
        E.GENDER_STATISTICS_VIEWED,
        lambda w: Call({"user": w.knut.team_leader, "unit_id": w.knut.unit.pk, "year": YEAR}),
        "page",
    ),
    one(
        gender.gender_statistics_for,
        E.GENDER_STATISTICS_EXPORTED,
        lambda w: Call(
            {
                "user": w.knut.manager,
                "unit_id": w.knut.unit.pk,
                "year": YEAR,
                "exported_as": "xlsx",
            }
        ),
        "export",
    ),
    refused(
        access.require_in_unit,
        E.ACCESS_DENIED,
        lambda w: Call(
            {
                "user": w.knut.work_supervisor,
                "unit": w.knut.unit,
                "action": access.Action.MANAGE_WORK_UNITS,
            }
        ),
        Forbidden,
        "role without the action in the unit",
    ),
]
