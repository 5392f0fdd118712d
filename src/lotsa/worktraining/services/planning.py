"""Writes of a work unit's business plan: a year's plan started (from the last adopted version,
or from the template's headings), its sections, goal chain and activity plan written while it
is a draft, adopted (then locked), and its activities followed up through the year; and the
unit's gender review. Each is the team leader's or manager's (MANAGE_WORK_UNITS)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError, validate_model
from lotsa.organisations.models import Unit
from lotsa.worktraining.models import (
    GENDER_REVIEW_STEPS,
    ActivityStatus,
    BusinessPlan,
    GenderReview,
    GoalLevel,
    PlanActivity,
    PlanArea,
    PlanGoal,
    PlanSection,
    PlanStatus,
    WorkUnit,
)
from lotsa.worktraining.queries.planning import follow_up_measures

FIRST_YEAR, LAST_YEAR = 2000, 2100

# The headings of the KNUT business-plan template: inspiration, not a form to fill in.
TEMPLATE_HEADINGS: dict[str, tuple[Any, ...]] = {
    PlanArea.PREREQUISITES: (
        gettext_lazy("Stakeholders and analysis (needs, participants)"),
        gettext_lazy("Resources (competence, time, job descriptions)"),
        gettext_lazy("Financing"),
        gettext_lazy("Agreements with partners"),
    ),
    PlanArea.MISSION: (
        gettext_lazy("Profile and purpose"),
        gettext_lazy("Target groups"),
    ),
    PlanArea.IMPLEMENTATION: (
        gettext_lazy("Process descriptions"),
        gettext_lazy("Introduction at the workplace"),
        gettext_lazy("The participant's part in choosing the intervention"),
        gettext_lazy("Which methods are used"),
        gettext_lazy("Follow-up with the commissioner"),
        gettext_lazy("Process for reporting back"),
    ),
    PlanArea.EVALUATION: (
        gettext_lazy("Effects for the participant"),
        gettext_lazy("Effects in the activity"),
        gettext_lazy("Effects for the supervisors"),
        gettext_lazy("Follow-up and dialogue before the next year"),
    ),
}


def _require_planning(actor: Actor, unit: Unit) -> None:
    access.require_in_unit(actor, unit, access.Action.MANAGE_WORK_UNITS)


def _require_draft(plan: BusinessPlan) -> None:
    if plan.is_locked:
        raise DomainError(
            {"plan": _("This version is adopted and locked: start a new version to change it.")}
        )


def _audit(actor: Actor, plan: BusinessPlan, what: str, **changes: Any) -> None:
    record(
        AuditEvent.BUSINESS_PLAN_SAVED,
        actor=actor,
        obj=plan,
        changes={"what": what, "year": plan.year, "version": plan.version, **changes},
    )


def start_business_plan(*, actor: Actor, work_unit: WorkUnit, year: int) -> BusinessPlan:
    """The next version of a work unit's plan for the year: a copy of the last adopted version,
    or the template's headings for a first plan."""
    _require_planning(actor, work_unit.unit)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError({"year": _("Give a year between 2000 and 2100.")})
    versions = BusinessPlan.objects.filter(work_unit=work_unit, year=year)
    if versions.filter(status=PlanStatus.DRAFT).exists():
        raise DomainError({"year": _("A draft of this year's plan is being written already.")})
    with transaction.atomic(durable=True):
        latest = versions.order_by("-version").select_for_update().first()
        plan = BusinessPlan.objects.create(
            work_unit=work_unit,
            year=year,
            version=(latest.version + 1) if latest else 1,
            created_by=actor,
        )
        if latest is None:
            PlanSection.objects.bulk_create(
                PlanSection(plan=plan, area=area, heading=str(heading), position=position)
                for position, (area, heading) in enumerate(
                    (area, heading)
                    for area, headings in TEMPLATE_HEADINGS.items()
                    for heading in headings
                )
            )
        else:
            _copy_contents(latest, plan)
        _audit(actor, plan, "started", from_version=latest.version if latest else None)
    return plan


def _copy_contents(source: BusinessPlan, plan: BusinessPlan) -> None:
    PlanSection.objects.bulk_create(
        PlanSection(
            plan=plan,
            area=s.area,
            heading=s.heading,
            text=s.text,
            weight=s.weight,
            position=s.position,
        )
        for s in source.sections.all()
    )
    # A goal's parent is one level up, so copying level by level always finds it copied.
    copied: dict[int, PlanGoal] = {}
    for goal in source.goals.order_by("level", "pk"):
        copied[goal.pk] = PlanGoal.objects.create(
            plan=plan,
            level=goal.level,
            parent=copied.get(goal.parent_id) if goal.parent_id else None,
            text=goal.text,
            measure=goal.measure,
            target=goal.target,
            resources=goal.resources,
        )
    PlanActivity.objects.bulk_create(
        PlanActivity(
            plan=plan,
            goal=copied.get(a.goal_id) if a.goal_id else None,
            activity=a.activity,
            starts_on=a.starts_on,
            ends_on=a.ends_on,
            responsible=a.responsible,
            status=a.status,
            follow_up=a.follow_up,
        )
        for a in source.activities.all()
    )


def save_plan_section(
    *,
    actor: Actor,
    plan: BusinessPlan,
    area: str,
    heading: str,
    text: str = "",
    weight: int = 1,
    position: int | None = None,
    section: PlanSection | None = None,
) -> PlanSection:
    """Add a heading to a draft plan, or change one of its headings."""
    _require_planning(actor, plan.work_unit.unit)
    _require_draft(plan)
    if section is not None and section.plan_id != plan.pk:
        raise DomainError({"section": _("The heading belongs to another plan.")})
    moved = position is not None and (section is None or position != section.position)
    if position is None:
        last = plan.sections.aggregate(last=Max("position"))["last"]
        position = section.position if section else (last + 1 if last is not None else 0)
    target = section or PlanSection(plan=plan)
    target.area, target.heading, target.text = area, heading.strip(), text
    target.weight, target.position = weight, position
    validate_model(target, exclude=["plan"])
    if target.weight > 5:
        raise DomainError({"weight": _("Give a weight from 0 to 5.")})
    with transaction.atomic(durable=True):
        target.save()
        if moved:
            _reorder(plan, target)
        _audit(actor, plan, "section", section=target.pk, heading=target.heading)
    return target


def _reorder(plan: BusinessPlan, moved: PlanSection) -> None:
    """Put the heading at its place in the order and number all of them again from 0."""
    others = list(plan.sections.exclude(pk=moved.pk).order_by("position", "pk"))
    others.insert(min(moved.position, len(others)), moved)
    for place, heading in enumerate(others):
        heading.position = place
    PlanSection.objects.bulk_update(others, ["position"])


def remove_plan_section(*, actor: Actor, section: PlanSection) -> None:
    """Take a heading out of a draft plan."""
    plan = section.plan
    _require_planning(actor, plan.work_unit.unit)
    _require_draft(plan)
    with transaction.atomic(durable=True):
        _audit(actor, plan, "section_removed", section=section.pk, heading=section.heading)
        section.delete()


def save_plan_goal(
    *,
    actor: Actor,
    plan: BusinessPlan,
    level: int,
    text: str,
    parent: PlanGoal | None = None,
    measure: str = "",
    target: Decimal | None = None,
    resources: str = "",
    goal: PlanGoal | None = None,
) -> PlanGoal:
    """Add a goal to the draft plan's chain, or change one: a political goal stands alone,
    every other serves a goal of the level just above it in the same plan."""
    _require_planning(actor, plan.work_unit.unit)
    _require_draft(plan)
    errors: dict[str, str] = {}
    if level not in GoalLevel.values:
        errors["level"] = _("Choose a level of the goal chain.")
    elif level == GoalLevel.POLITICAL and parent is not None:
        errors["parent"] = _("A political goal is the top of the chain and serves no other goal.")
    elif level != GoalLevel.POLITICAL and (
        parent is None or parent.plan_id != plan.pk or parent.level != level - 1
    ):
        errors["parent"] = _("Choose the goal of the level just above that this goal serves.")
    if goal is not None and (
        goal.plan_id != plan.pk or (level != goal.level and goal.children.exists())
    ):
        errors["level"] = _("Goals serve this one: its level cannot change.")
    if measure and measure not in dict(follow_up_measures()):
        errors["measure"] = _("Choose a figure from the list.")
    if target is not None and target < 0:
        errors["target"] = _("The target cannot be negative.")
    if errors:
        raise DomainError(errors)
    found = goal or PlanGoal(plan=plan)
    found.level, found.parent, found.text = level, parent, text.strip()
    found.measure, found.target, found.resources = measure, target, resources
    validate_model(found, exclude=["plan", "parent"])
    with transaction.atomic(durable=True):
        found.save()
        _audit(actor, plan, "goal", goal=found.pk, level=level)
    return found


def remove_plan_goal(*, actor: Actor, goal: PlanGoal, with_activities: bool = False) -> None:
    """Take a goal out of the draft plan's chain. A goal that other goals serve stays until
    they are removed or serve another goal; a goal with activities goes only when told to take
    them with it (``with_activities``), so that no line of the time plan disappears unseen."""
    plan = goal.plan
    _require_planning(actor, plan.work_unit.unit)
    _require_draft(plan)
    with transaction.atomic(durable=True):
        # Read under a lock, so that a goal added below it meanwhile is not removed with it.
        goal = PlanGoal.objects.select_for_update().get(pk=goal.pk)
        serving = goal.children.count()
        if serving:
            raise DomainError(
                {
                    "goal": ngettext(
                        "%(count)d goal serves this one: remove it or let it serve another "
                        "goal first.",
                        "%(count)d goals serve this one: remove them or let them serve another "
                        "goal first.",
                        serving,
                    )
                    % {"count": serving}
                }
            )
        activities = dict(goal.activities.values_list("pk", "activity"))
        if activities and not with_activities:
            raise DomainError(
                {
                    "with_activities": ngettext(
                        "The goal has %(count)d activity: confirm that it is removed with it.",
                        "The goal has %(count)d activities: confirm that they are removed with it.",
                        len(activities),
                    )
                    % {"count": len(activities)}
                }
            )
        _audit(
            actor,
            plan,
            "goal_removed",
            goal=goal.pk,
            level=goal.level,
            text=goal.text,
            activities_removed=[{"activity": pk, "name": name} for pk, name in activities.items()],
        )
        PlanActivity.objects.filter(pk__in=activities).delete()
        goal.delete()


def _check_in_year(plan: BusinessPlan, starts_on: datetime.date, ends_on: datetime.date) -> None:
    errors: dict[str, str] = {}
    if starts_on.year != plan.year:
        errors["starts_on"] = _("The activity must start in the plan's year.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The end is before the start.")
    elif ends_on.year != plan.year:
        errors["ends_on"] = _("The activity must end in the plan's year.")
    if errors:
        raise DomainError(errors)


def save_plan_activity(
    *,
    actor: Actor,
    plan: BusinessPlan,
    activity: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    responsible: str,
    goal: PlanGoal | None = None,
    status: str = ActivityStatus.PLANNED,
    follow_up: str = "",
    planned: PlanActivity | None = None,
) -> PlanActivity:
    """Add a line to the draft plan's activity and time plan, or change one; its dates lie in
    the plan's year."""
    _require_planning(actor, plan.work_unit.unit)
    _require_draft(plan)
    if goal is not None and goal.plan_id != plan.pk:
        raise DomainError({"goal": _("Choose a goal of this plan.")})
    if planned is not None and planned.plan_id != plan.pk:
        raise DomainError({"activity": _("The activity belongs to another plan.")})
    _check_in_year(plan, starts_on, ends_on)
    found = planned or PlanActivity(plan=plan)
    found.goal, found.activity, found.responsible = goal, activity.strip(), responsible.strip()
    found.starts_on, found.ends_on, found.status, found.follow_up = (
        starts_on,
        ends_on,
        status,
        follow_up,
    )
    validate_model(found, exclude=["plan", "goal"])
    with transaction.atomic(durable=True):
        found.save()
        _audit(actor, plan, "activity", activity=found.pk)
    return found


def remove_plan_activity(*, actor: Actor, planned: PlanActivity) -> None:
    """Take a line out of the draft plan's activity and time plan."""
    plan = planned.plan
    _require_planning(actor, plan.work_unit.unit)
    _require_draft(plan)
    with transaction.atomic(durable=True):
        _audit(actor, plan, "activity_removed", activity=planned.pk, name=planned.activity)
        planned.delete()


def follow_up_plan_activity(
    *, actor: Actor, planned: PlanActivity, status: str, follow_up: str
) -> PlanActivity:
    """Record how an activity of the plan went: allowed on an adopted plan too, since the
    follow-up through the year is what the adopted plan is for."""
    plan = planned.plan
    _require_planning(actor, plan.work_unit.unit)
    planned.status, planned.follow_up = status, follow_up
    validate_model(planned, exclude=["plan", "goal"])
    with transaction.atomic(durable=True):
        planned.save(update_fields=["status", "follow_up"])
        _audit(actor, plan, "follow_up", activity=planned.pk, status=status)
    return planned


def adopt_business_plan(*, actor: Actor, plan: BusinessPlan, day: datetime.date) -> BusinessPlan:
    """Adopt the draft: from now on it is locked, and a change is a new version."""
    _require_planning(actor, plan.work_unit.unit)
    _require_draft(plan)
    errors: dict[str, str] = {}
    if day > timezone.localdate():
        errors["day"] = _("The date cannot be in the future.")
    if not plan.goals.exists():
        errors["plan"] = _("A plan without goals cannot be adopted.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        plan.status, plan.adopted_on, plan.adopted_by = PlanStatus.ADOPTED, day, actor
        plan.save(update_fields=["status", "adopted_on", "adopted_by"])
        _audit(actor, plan, "adopted", adopted_on=day.isoformat())
    return plan


def save_gender_review(
    *,
    actor: Actor,
    unit: Unit,
    year: int,
    inventory: str = "",
    patterns: str = "",
    analysis: str = "",
    action_plan: str = "",
    follow_up_on: datetime.date | None = None,
    business_plan: BusinessPlan | None = None,
) -> GenderReview:
    """Write the unit's gender review for the year, step by step: a step only after the one
    before it, the action plan with the day it is followed up."""
    _require_planning(actor, unit)
    texts = {"inventory": inventory, "patterns": patterns, "analysis": analysis}
    texts["action_plan"] = action_plan
    errors: dict[str, str] = {}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = _("Give a year between 2000 and 2100.")
    missing = ""
    for field, label in GENDER_REVIEW_STEPS:
        if texts[field].strip() and missing:
            errors[field] = _("Write “%(step)s” first.") % {"step": missing}
            break
        if not texts[field].strip() and not missing:
            missing = str(label)
    if action_plan.strip() and follow_up_on is None:
        errors["follow_up_on"] = _("Say when the action plan is followed up.")
    if business_plan is not None and (
        business_plan.work_unit.unit_id != unit.pk or business_plan.year != year
    ):
        errors["business_plan"] = _("Choose a business plan of this unit and year.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        review, _created = GenderReview.objects.select_for_update().get_or_create(
            unit=unit, year=year, defaults={"updated_by": actor}
        )
        for field, text in texts.items():
            setattr(review, field, text.strip())
        review.follow_up_on, review.business_plan, review.updated_by = (
            follow_up_on,
            business_plan,
            actor,
        )
        validate_model(review, exclude=["unit", "business_plan", "updated_by"])
        review.save()
        record(
            AuditEvent.GENDER_REVIEW_SAVED,
            actor=actor,
            obj=review,
            changes={"year": year, "step": review.step},
        )
    return review
