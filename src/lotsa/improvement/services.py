"""Writes of the improvement work: the register, PDSA steps, benchmarking visits, training.

Who may do what: every coach, team leader and manager of a unit may propose an improvement
(``VIEW_IMPROVEMENTS``); the team leader and the manager decide on it and edit it
(``MANAGE_IMPROVEMENTS``); a coach edits and runs the cycles of an improvement they own. A
coach's proposal starts as *proposed* and may only name the coach as owner. Training records: a
member of staff records their own; a team leader or manager those of their unit's staff.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError, Forbidden, validate_model
from lotsa.fidelity.models import ActionStatus, FidelityReview, ImprovementAction
from lotsa.improvement.models import (
    BenchmarkingVisit,
    CourseKind,
    Decision,
    Improvement,
    ImprovementStatus,
    PdsaCycle,
    Source,
    TrainingRecord,
)
from lotsa.organisations.models import Membership, Role, Unit

# The fields of the register a form may set; the source's links are set with them.
IMPROVEMENT_FIELDS = (
    "title",
    "description",
    "source",
    "source_detail",
    "benchmarking_visit",
    "impact",
    "effort",
    "within_mandate",
    "decided_by",
    "owner",
    "status",
)


def _refuse(actor: Actor, unit_id: int, action: str) -> None:
    record(
        AuditEvent.ACCESS_DENIED,
        actor=actor,
        object_type="organisations.unit",
        object_id=str(unit_id),
        changes={"action": action},
    )
    raise Forbidden(action)


def leads(actor: Actor, unit_id: int) -> bool:
    return unit_id in access.unit_ids_for(actor, access.Action.MANAGE_IMPROVEMENTS)


def may_change(actor: Actor, improvement: Improvement) -> bool:
    """The unit's team leader or manager, or the improvement's owner while still in the unit."""
    return leads(actor, improvement.unit_id) or (
        improvement.owner_id == actor.pk
        and improvement.unit_id in access.unit_ids_for(actor, access.Action.VIEW_IMPROVEMENTS)
    )


def _unit_staff(unit: Unit) -> set[int]:
    return set(
        Membership.objects.active_on(timezone.localdate())
        .filter(unit=unit, role__in=(Role.COACH, Role.SUPERVISOR, Role.MANAGER))
        .values_list("user_id", flat=True)
    )


def _check_improvement(actor: Actor, improvement: Improvement, *, leader: bool) -> None:
    errors: dict[str, str] = {}
    if improvement.owner_id is not None and improvement.owner_id not in _unit_staff(
        improvement.unit
    ):
        errors["owner"] = _("Choose a member of the unit's staff.")
    elif not leader and improvement.owner_id not in (None, actor.pk):
        errors["owner"] = _("You may propose yourself as owner; the team leader names others.")
    if not improvement.within_mandate and not improvement.decided_by.strip():
        errors["decided_by"] = _("Say who decides when the unit does not have the mandate.")
    visit = improvement.benchmarking_visit
    if improvement.source == Source.BENCHMARKING and visit is None:
        errors["benchmarking_visit"] = _("Choose the benchmarking visit it comes from.")
    elif visit is not None and visit.unit_id != improvement.unit_id:
        errors["benchmarking_visit"] = _("Choose one of the unit's benchmarking visits.")
    if improvement.source == Source.FIDELITY and improvement.fidelity_action_id is None:
        errors["source"] = _(
            "Fidelity recommendations come into the register from the review: take them in "
            "from the list of the review's recommendations."
        )
    if errors:
        raise DomainError(errors)
    validate_model(improvement, exclude=["unit", "proposed_by", "fidelity_action"])


def propose_improvement(*, actor: Actor, unit: Unit, **fields: Any) -> Improvement:
    if unit.pk not in access.unit_ids_for(actor, access.Action.VIEW_IMPROVEMENTS):
        _refuse(actor, unit.pk, access.Action.VIEW_IMPROVEMENTS)
    leader = leads(actor, unit.pk)
    improvement = Improvement(unit=unit, proposed_by=actor, **_known(fields))
    if not leader:
        improvement.status = ImprovementStatus.PROPOSED
    _check_improvement(actor, improvement, leader=leader)
    with transaction.atomic(durable=True):
        improvement.save()
        _record_saved(actor, improvement, created=True)
    return improvement


def update_improvement(*, actor: Actor, improvement: Improvement, **fields: Any) -> Improvement:
    if not may_change(actor, improvement):
        _refuse(actor, improvement.unit_id, access.Action.MANAGE_IMPROVEMENTS)
    leader = leads(actor, improvement.unit_id)
    known = _known(fields)
    if not leader:
        # An owner runs their improvement; who owns it is the team leader's decision.
        known.pop("owner", None)
    if improvement.fidelity_action_id is not None:
        known.pop("source", None)
    for name, value in known.items():
        setattr(improvement, name, value)
    _check_improvement(actor, improvement, leader=leader)
    with transaction.atomic(durable=True):
        improvement.save()
        _sync_fidelity_action(improvement)
        _record_saved(actor, improvement, created=False)
    return improvement


def _known(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(IMPROVEMENT_FIELDS)
    if unknown:
        raise TypeError(f"not fields of an improvement: {sorted(unknown)}")
    return dict(fields)


def _record_saved(actor: Actor, improvement: Improvement, *, created: bool) -> None:
    record(
        AuditEvent.IMPROVEMENT_SAVED,
        actor=actor,
        obj=improvement,
        changes={
            "created": created,
            "status": improvement.status,
            "impact": improvement.impact,
            "effort": improvement.effort,
            "owner": improvement.owner_id,
        },
    )


# The fidelity review's own three states, read from the register's five: the next review sees
# how the unit has worked on its recommendations without a second place to keep them up to date.
FIDELITY_STATUS = {
    ImprovementStatus.PROPOSED: "open",
    ImprovementStatus.PLANNED: "open",
    ImprovementStatus.IN_PROGRESS: "in_progress",
    ImprovementStatus.DONE: "done",
    ImprovementStatus.DROPPED: "done",
}


# And the other way, when an action comes in: one not yet started is planned, as the review
# asks for it.
FROM_FIDELITY_STATUS = {
    ActionStatus.OPEN: ImprovementStatus.PLANNED,
    ActionStatus.IN_PROGRESS: ImprovementStatus.IN_PROGRESS,
    ActionStatus.DONE: ImprovementStatus.DONE,
}


def _sync_fidelity_action(improvement: Improvement) -> None:
    action = improvement.fidelity_action
    if action is None:
        return
    action.status = FIDELITY_STATUS[ImprovementStatus(improvement.status)]
    action.owner_id = improvement.owner_id
    action.save(update_fields=["status", "owner"])


def take_in_fidelity_actions(
    *, actor: Actor, unit: Unit, review_id: int | None = None
) -> list[Improvement]:
    """The team leader's taking in of every improvement action of the unit's fidelity reviews
    (or of one review) that is not yet in the register: those of reviews finalised before the
    register took them in by itself. Taking them in twice adds nothing."""
    if not leads(actor, unit.pk):
        _refuse(actor, unit.pk, access.Action.MANAGE_IMPROVEMENTS)
    actions = ImprovementAction.objects.filter(unit=unit)
    if review_id is not None:
        actions = actions.filter(review_id=review_id)
    with transaction.atomic(durable=True):
        return _take_in(actor, unit, actions)


def take_in_finalised_review(review: FidelityReview, finaliser: Actor) -> None:
    """A review's improvement actions come into the register as the review is finalised.

    Registered with ``fidelity.review_hooks.review_finalised``, so it runs inside the
    finalising transaction: the review is never final without its recommendations in the
    register. It asks for no role of its own: the finaliser is often an external reviewer, not
    the unit's team leader, and the fidelity app has already let them finalise; taking the
    actions in is a consequence of that. The audit entries name the finaliser."""
    _take_in(finaliser, review.unit, ImprovementAction.objects.filter(review=review))


def _take_in(actor: Actor, unit: Unit, actions: QuerySet[ImprovementAction]) -> list[Improvement]:
    """Each of the actions not yet in the register becomes an improvement from a fidelity
    recommendation, linked to its review and item, in the order of the reviews and items. Runs
    in the caller's transaction."""
    waiting = list(
        actions.filter(improvement__isnull=True).order_by("review_id", "item_number", "pk")
    )
    if not waiting:
        return []
    staff = _unit_staff(unit)
    taken = [
        Improvement(
            unit=unit,
            title=_("Fidelity item %(item)s: %(action)s")
            % {"item": action.item_number, "action": _first_line(action.description)},
            description=action.description,
            source=Source.FIDELITY,
            fidelity_action=action,
            owner_id=action.owner_id if action.owner_id in staff else None,
            status=FROM_FIDELITY_STATUS[ActionStatus(action.status)],
            proposed_by=actor,
        )
        for action in waiting
    ]
    for improvement in taken:
        improvement.save()
        _record_saved(actor, improvement, created=True)
    return taken


def _first_line(text: str, length: int = 120) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= length else line[: length - 1] + "…"


# ------------------------------------------------------------------ PDSA cycles


def plan_cycle(
    *,
    actor: Actor,
    improvement: Improvement,
    what: str,
    prediction: str,
    measure: str,
    planned_on: datetime.date,
) -> PdsaCycle:
    """A new cycle; the one before must be closed with a decision, and not abandoned."""
    if not may_change(actor, improvement):
        _refuse(actor, improvement.unit_id, access.Action.MANAGE_IMPROVEMENTS)
    last = improvement.cycles.order_by("-number").first()
    if last is not None and last.step:
        raise DomainError(_("Finish the cycle before it with a decision first."))
    if improvement.status in (ImprovementStatus.DONE, ImprovementStatus.DROPPED):
        raise DomainError(_("The improvement is closed: reopen it to plan another cycle."))
    if last is not None and planned_on < (last.acted_on or planned_on):
        raise DomainError({"planned_on": _("A cycle starts after the one before has ended.")})
    cycle = PdsaCycle(
        improvement=improvement,
        number=(last.number if last else 0) + 1,
        what=what.strip(),
        prediction=prediction.strip(),
        measure=measure.strip(),
        planned_on=planned_on,
        planned_by=actor,
    )
    _not_in_the_future(planned_on, "planned_on")
    validate_model(cycle, exclude=["improvement", "planned_by"])
    with transaction.atomic(durable=True):
        cycle.save()
        if improvement.status in (ImprovementStatus.PROPOSED, ImprovementStatus.PLANNED):
            improvement.status = ImprovementStatus.IN_PROGRESS
            improvement.save(update_fields=["status", "updated_at"])
            _sync_fidelity_action(improvement)
        record(
            AuditEvent.PDSA_STEP_RECORDED,
            actor=actor,
            obj=cycle,
            changes={"step": "plan", "on": planned_on, "improvement": improvement.pk},
        )
    return cycle


# step -> (the date field, the signature field, the step's other fields, the date before it)
STEPS: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "do": ("done_on", "done_by", ("do_notes",), "planned_on"),
    "study": ("studied_on", "studied_by", ("result",), "done_on"),
    "act": ("acted_on", "acted_by", ("decision", "act_notes"), "studied_on"),
}


def record_step(
    *, actor: Actor, cycle: PdsaCycle, step: str, on: datetime.date, **fields: str
) -> PdsaCycle:
    """Do, study or act on a cycle: each only after the step before it and dated no earlier."""
    improvement = cycle.improvement
    if not may_change(actor, improvement):
        _refuse(actor, improvement.unit_id, access.Action.MANAGE_IMPROVEMENTS)
    if step not in STEPS:
        raise DomainError({"step": _("Choose do, study or act.")})
    date_field, by_field, others, before = STEPS[step]
    if set(fields) - set(others):
        raise TypeError(f"not fields of the {step} step: {sorted(set(fields) - set(others))}")
    if cycle.step != step:
        raise DomainError(
            _("This cycle's next step is another one: plan, do, study and act come in order.")
            if cycle.step
            else _("This cycle is closed.")
        )
    errors: dict[str, str] = {}
    if on < getattr(cycle, before):
        errors["on"] = _("The date is before the step before it.")
    if step == "study" and not fields.get("result", "").strip():
        errors["result"] = _("Write what the measure showed.")
    if step == "act" and fields.get("decision") not in Decision.values:
        errors["decision"] = _("Choose adopt, adapt or abandon.")
    if errors:
        raise DomainError(errors)
    _not_in_the_future(on, "on")
    setattr(cycle, date_field, on)
    setattr(cycle, by_field, actor)
    for name in others:
        setattr(cycle, name, fields.get(name, "").strip())
    validate_model(cycle, exclude=["improvement", "planned_by", *STEP_SIGNATURES])
    with transaction.atomic(durable=True):
        cycle.save()
        record(
            AuditEvent.PDSA_STEP_RECORDED,
            actor=actor,
            obj=cycle,
            changes={"step": step, "on": on, "improvement": improvement.pk, **fields},
        )
    return cycle


STEP_SIGNATURES = [by for _date, by, _others, _before in STEPS.values()]


def _not_in_the_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError({field: _("The date is in the future.")})


# ------------------------------------------------------------------ benchmarking visits


def record_visit(
    *,
    actor: Actor,
    unit: Unit,
    we_visited: bool,
    visited_on: datetime.date,
    topic: str,
    learned: str = "",
    partner_unit: Unit | None = None,
    partner_name: str = "",
) -> BenchmarkingVisit:
    if not leads(actor, unit.pk):
        _refuse(actor, unit.pk, access.Action.MANAGE_IMPROVEMENTS)
    errors: dict[str, str] = {}
    if partner_unit is None and not partner_name.strip():
        errors["partner_name"] = _("Name the unit or organisation.")
    if partner_unit is not None and partner_unit.pk == unit.pk:
        errors["partner_unit"] = _("Choose another unit than this one.")
    if errors:
        raise DomainError(errors)
    _not_in_the_future(visited_on, "visited_on")
    visit = BenchmarkingVisit(
        unit=unit,
        we_visited=we_visited,
        partner_unit=partner_unit,
        partner_name=partner_name.strip(),
        visited_on=visited_on,
        topic=topic.strip(),
        learned=learned.strip(),
        recorded_by=actor,
    )
    validate_model(visit, exclude=["unit", "recorded_by", "partner_unit"])
    with transaction.atomic(durable=True):
        visit.save()
        record(
            AuditEvent.BENCHMARKING_VISIT_SAVED,
            actor=actor,
            obj=visit,
            changes={"we_visited": we_visited, "on": visited_on, "partner": visit.partner},
        )
    return visit


# ------------------------------------------------------------------ training


def may_record_training_of(actor: Actor, staff: User) -> bool:
    """The person themself, or a team leader or manager of a unit the person works in now."""
    if staff.pk == actor.pk:
        return True
    led = access.unit_ids_for(actor, access.Action.LEAD_UNIT)
    return (
        Membership.objects.active_on(timezone.localdate())
        .filter(user=staff, unit_id__in=led)
        .exists()
    )


def record_training(
    *,
    actor: Actor,
    staff: User,
    kind: str,
    course_name: str,
    completed_on: datetime.date,
    hours: Decimal,
    provider: str = "",
    certificate: bool = False,
) -> TrainingRecord:
    if not may_record_training_of(actor, staff):
        record(
            AuditEvent.ACCESS_DENIED,
            actor=actor,
            object_type="accounts.user",
            object_id=str(staff.pk),
            changes={"action": "training.record"},
        )
        raise Forbidden("training.record")
    if kind not in CourseKind.values:
        raise DomainError({"kind": _("Choose the kind of course.")})
    _not_in_the_future(completed_on, "completed_on")
    if not Decimal(0) < hours <= Decimal(1000):
        raise DomainError({"hours": _("Give the hours as a number between 0.5 and 1000.")})
    training = TrainingRecord(
        staff=staff,
        kind=kind,
        course_name=course_name.strip(),
        provider=provider.strip(),
        completed_on=completed_on,
        hours=hours,
        certificate=certificate,
        recorded_by=actor,
    )
    validate_model(training, exclude=["staff", "recorded_by"])
    with transaction.atomic(durable=True):
        training.save()
        record(
            AuditEvent.TRAINING_SAVED,
            actor=actor,
            obj=training,
            changes={"staff": staff.pk, "kind": kind, "on": completed_on, "hours": hours},
        )
    return training
