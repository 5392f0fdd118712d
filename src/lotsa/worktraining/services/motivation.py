"""Motivational interviewing: target behaviours, their motivation stages and action plans.

An action plan for a behaviour whose latest stage is precontemplation is refused with a
warning until the staff member confirms it (the booklet: no action plan unless the participant
sees a problem or wants to talk about it)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.enrolment_changes import check_day
from lotsa.pathways.services.enrolment_records import note_checklist_item
from lotsa.worktraining import codes
from lotsa.worktraining.models import (
    BehaviourActionPlan,
    MotivationAssessment,
    Stage,
    TargetBehaviour,
    Tool,
)
from lotsa.worktraining.models.motivation import RULER_MAX, RULER_MIN
from lotsa.worktraining.services._checks import require_work_training_case


def _check_text(value: str, field: str, limit: int, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise DomainError({field: _("Fill in this field.")})
    if len(value) > limit:
        raise DomainError({field: _("Use at most %(limit)s characters.") % {"limit": limit}})
    return value


def save_target_behaviour(
    *, actor: Actor, enrolment: Enrolment, problem: str, behaviour: str, day: datetime.date
) -> TargetBehaviour:
    """Name a behaviour to talk about with the participant, and the problem behind it."""
    require_work_training_case(actor, enrolment, started=True, open_only=True)
    problem = _check_text(problem, "problem", 300, required=True)
    behaviour = _check_text(behaviour, "behaviour", 300, required=True)
    check_day(day, "day", not_before=enrolment.referral_date)
    with transaction.atomic(durable=True):
        saved = TargetBehaviour.objects.create(
            enrolment=enrolment,
            problem=problem,
            behaviour=behaviour,
            created_on=day,
            created_by=actor,
        )
        record(
            AuditEvent.TARGET_BEHAVIOUR_SAVED,
            actor=actor,
            obj=saved,
            participant_id=enrolment.participant_id,
            changes={"created_on": day.isoformat()},
        )
    return saved


@dataclass(frozen=True)
class MotivationInput:
    assessed_on: datetime.date
    stage: str
    tool: str = ""
    importance: int | None = None
    confidence: int | None = None
    sbk_situation: str = ""
    sbk_behaviour: str = ""
    sbk_consequence: str = ""
    notes: str = ""


def _checked(values: MotivationInput, behaviour: TargetBehaviour) -> dict[str, object]:
    errors: dict[str, str] = {}
    if values.stage not in Stage.values:
        errors["stage"] = _("Choose the stage of the motivation wheel.")
    if values.tool and values.tool not in Tool.values:
        errors["tool"] = _("Choose one of the MI tools.")
    for ruler in ("importance", "confidence"):
        value = getattr(values, ruler)
        if value is not None and not RULER_MIN <= value <= RULER_MAX:
            errors[ruler] = _("Give a value from %(low)s to %(high)s.") % {
                "low": RULER_MIN,
                "high": RULER_MAX,
            }
    if errors:
        raise DomainError(errors)
    check_day(
        values.assessed_on,
        "assessed_on",
        not_before=behaviour.created_on,
        before_text=_("The date is before the behaviour was identified."),
    )
    texts = {
        name: _check_text(getattr(values, name), name, limit, required=False)
        for name, limit in (
            ("sbk_situation", 1000),
            ("sbk_behaviour", 1000),
            ("sbk_consequence", 1000),
            ("notes", 4000),
        )
    }
    return {
        "assessed_on": values.assessed_on,
        "stage": values.stage,
        "tool": values.tool,
        "importance": values.importance,
        "confidence": values.confidence,
        **texts,
    }


def assess_motivation(
    *, actor: Actor, behaviour: TargetBehaviour, values: MotivationInput
) -> MotivationAssessment:
    """Record the stage of the motivation wheel the participant stands at for the behaviour,
    with the tool used, the ruler and SBK if used, and notes. Ticks the MI conversation."""
    enrolment = behaviour.enrolment
    require_work_training_case(actor, enrolment, started=True, open_only=True)
    fields = _checked(values, behaviour)
    with transaction.atomic(durable=True):
        assessment = MotivationAssessment.objects.create(
            behaviour=behaviour, recorded_by=actor, **fields
        )
        note_checklist_item(enrolment, codes.MI_CONVERSATION, values.assessed_on)
        record(
            AuditEvent.MOTIVATION_ASSESSED,
            actor=actor,
            obj=assessment,
            participant_id=enrolment.participant_id,
            changes={"behaviour": behaviour.pk, "stage": values.stage, "tool": values.tool},
        )
    return assessment


def latest_stage(behaviour: TargetBehaviour, day: datetime.date) -> str:
    """The stage of the behaviour's latest assessment on or before the day ('' if none)."""
    latest = (
        behaviour.assessments.filter(assessed_on__lte=day)
        .order_by("-assessed_on", "-id")
        .values_list("stage", flat=True)
        .first()
    )
    return latest or ""


def make_action_plan(
    *,
    actor: Actor,
    behaviour: TargetBehaviour,
    made_on: datetime.date,
    steps: str,
    confirm: bool = False,
) -> BehaviourActionPlan:
    """Make an action plan for the behaviour. While its latest stage is precontemplation the
    plan is refused with a warning on ``confirm``; confirmed, it is made and says so."""
    enrolment = behaviour.enrolment
    require_work_training_case(actor, enrolment, started=True, open_only=True)
    steps = _check_text(steps, "steps", 4000, required=True)
    check_day(
        made_on,
        "made_on",
        not_before=behaviour.created_on,
        before_text=_("The date is before the behaviour was identified."),
    )
    in_precontemplation = latest_stage(behaviour, made_on) == Stage.PRECONTEMPLATION
    if in_precontemplation and not confirm:
        raise DomainError(
            {
                "confirm": _(
                    "The latest stage for this behaviour is precontemplation: the participant "
                    "does not see a problem yet. An action plan is usually made later. Confirm "
                    "to make it anyway."
                )
            }
        )
    with transaction.atomic(durable=True):
        plan = BehaviourActionPlan.objects.create(
            behaviour=behaviour,
            made_on=made_on,
            steps=steps,
            made_by=actor,
            despite_precontemplation=in_precontemplation,
        )
        record(
            AuditEvent.ACTION_PLAN_MADE,
            actor=actor,
            obj=plan,
            participant_id=enrolment.participant_id,
            changes={"behaviour": behaviour.pk, "despite_precontemplation": in_precontemplation},
        )
    return plan
