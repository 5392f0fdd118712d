"""Work units of a work-training unit and their task catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.cohorts.models import Cohort
from lotsa.employment.occupations import occupations
from lotsa.errors import DomainError, validate_model
from lotsa.organisations.models import Unit
from lotsa.worktraining import codes
from lotsa.worktraining.concepts import concepts
from lotsa.worktraining.models import (
    FunctionalRequirement,
    RequirementLevel,
    TaskRequirement,
    WorkTask,
    WorkUnit,
)
from lotsa.worktraining.services._checks import require_managing


@dataclass(frozen=True)
class WorkUnitDetails:
    name: str
    financing: str
    description: str = ""
    services: list[str] = field(default_factory=list)
    places: int | None = None
    daily_rate: Decimal | None = None
    is_active: bool = True


def save_work_unit(
    *, actor: Actor, unit: Unit, details: WorkUnitDetails, work_unit: WorkUnit | None = None
) -> WorkUnit:
    """Create a work unit with its daily work group (a cohort of the unit), or change one; the
    group keeps the work unit's name."""
    require_managing(actor, unit)
    if work_unit is not None and work_unit.unit_id != unit.pk:
        raise DomainError(_("The work unit belongs to another unit."))
    name = details.name.strip()
    errors: dict[str, str] = {}
    services = list(dict.fromkeys(details.services))
    known = concepts()
    wrong = [code for code in services if code not in known or not known[code].offered]
    if wrong:
        errors["services"] = _("Choose services that work-training units offer.")
    others = WorkUnit.objects.filter(unit=unit, name=name)
    groups = Cohort.objects.filter(unit=unit, name=name)
    if work_unit is not None:
        others = others.exclude(pk=work_unit.pk)
        groups = groups.exclude(work_unit=work_unit)
    if others.exists():
        errors["name"] = _("The unit already has a work unit with this name.")
    elif groups.exists():
        errors["name"] = _("The unit already has a group with this name.")
    if details.daily_rate is not None and details.daily_rate < 0:
        errors["daily_rate"] = _("The compensation cannot be negative.")
    if errors:
        raise DomainError(errors)
    saved = work_unit or WorkUnit(unit=unit)
    saved.name = name
    saved.financing = details.financing
    saved.description = details.description.strip()
    saved.services = services
    saved.places = details.places
    saved.daily_rate = details.daily_rate
    saved.is_active = details.is_active
    validate_model(saved, exclude=["unit", "cohort"])
    with transaction.atomic(durable=True):
        if saved.cohort_id is None:
            saved.cohort = Cohort.objects.create(
                unit=unit,
                programme_code=codes.PROGRAMME,
                name=name,
                starts_on=timezone.localdate(),
            )
        elif saved.cohort is not None and saved.cohort.name != name:
            saved.cohort.name = name
            saved.cohort.save(update_fields=["name"])
        saved.save()
        record(
            AuditEvent.WORK_UNIT_SAVED,
            actor=actor,
            obj=saved,
            changes={
                "name": name,
                "services": services,
                "daily_rate": str(saved.daily_rate) if saved.daily_rate is not None else None,
                "daily_work_group": saved.cohort_id,
                "active": saved.is_active,
            },
        )
    return saved


@dataclass(frozen=True)
class TaskDetails:
    name: str
    steps: list[str] = field(default_factory=list)
    knowledge_needed: str = ""
    occupation_codes: list[str] = field(default_factory=list)
    # {requirement code: level 1–3}
    requirements: dict[str, int] = field(default_factory=dict)
    is_active: bool = True


def save_work_task(
    *, actor: Actor, work_unit: WorkUnit, details: TaskDetails, task: WorkTask | None = None
) -> WorkTask:
    """Add a task to the work unit's catalogue, or change one (its version goes up)."""
    require_managing(actor, work_unit.unit)
    if task is not None and task.work_unit_id != work_unit.pk:
        raise DomainError(_("The task belongs to another work unit."))
    name = details.name.strip()
    errors: dict[str, str] = {}
    same_name = WorkTask.objects.filter(work_unit=work_unit, name=name)
    if task is not None:
        same_name = same_name.exclude(pk=task.pk)
    if same_name.exists():
        errors["name"] = _("The work unit already has a task with this name.")
    listed = occupations(work_unit.unit.organisation.country)
    unknown = [code for code in details.occupation_codes if code not in listed]
    if unknown:
        errors["occupation_codes"] = _("Unknown occupation code: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    for requirement, level in details.requirements.items():
        if requirement not in FunctionalRequirement.values:
            errors["requirements"] = _("Unknown functional requirement: %(code)s.") % {
                "code": requirement
            }
        elif level not in RequirementLevel.values:
            errors[f"requirement_{requirement}"] = _("Choose a level from 1 to 3.")
    if errors:
        raise DomainError(errors)
    saved = task or WorkTask(work_unit=work_unit)
    saved.name = name
    saved.steps = [step.strip() for step in details.steps if step.strip()]
    saved.knowledge_needed = details.knowledge_needed.strip()
    saved.occupation_codes = list(dict.fromkeys(details.occupation_codes))
    saved.is_active = details.is_active
    if task is not None:
        saved.version += 1
    validate_model(saved, exclude=["work_unit"])
    with transaction.atomic(durable=True):
        saved.save()
        saved.requirements.exclude(requirement__in=details.requirements).delete()
        for requirement, level in details.requirements.items():
            TaskRequirement.objects.update_or_create(
                task=saved, requirement=requirement, defaults={"level": level}
            )
        record(
            AuditEvent.WORK_TASK_SAVED,
            actor=actor,
            obj=saved,
            changes={
                "name": name,
                "work_unit": work_unit.pk,
                "requirements": dict(sorted(details.requirements.items())),
                "occupation_codes": saved.occupation_codes,
                "version": saved.version,
            },
        )
    return saved
