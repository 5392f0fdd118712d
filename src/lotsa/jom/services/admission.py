"""Who a unit's JOM courses are for, and admission to a course: the interview's findings,
the advice read from the target group, and the decision of the party the organisation model
names."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError, validate_model
from lotsa.jom import codes
from lotsa.jom.eligibility import advise
from lotsa.jom.models import (
    AdmissionAssessment,
    AdmissionDecision,
    Course,
    CourseTask,
    DiagnosisGroup,
    TargetGroup,
)
from lotsa.jom.services.course import (
    count_change,
    lock_for_edit,
    require_manager,
    runs_jom_errors,
)
from lotsa.organisations.models import Unit
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import OPEN_STATUSES, Enrolment
from lotsa.pathways.services.enrolment_records import note_checklist_item, note_milestone

OTHER_REASON = "other"


@dataclass(frozen=True)
class TargetGroupValues:
    name: str
    age_min: int
    age_max: int
    diagnosis_groups: list[str] = field(default_factory=list)
    description: str = ""
    treatment_required: bool = True
    treatment_definition: str = ""
    substance_free_days: int = 30
    requires_openness_to_groups: bool = True
    excludes_marked_cognitive_barriers: bool = True
    development_goals: str = ""


def save_target_group(
    *,
    actor: Actor,
    unit: Unit,
    values: TargetGroupValues,
    target_group: TargetGroup | None = None,
    version: int | None = None,
) -> TargetGroup:
    """Describe who the unit's courses are for, or change the description. A change made
    from another ``version`` of the target group than the saved one is refused
    (``EditConflict``)."""
    require_manager(actor, unit.pk)
    errors = runs_jom_errors(unit)
    if values.age_max < values.age_min:
        errors["age_max"] = _("The oldest age is below the youngest.")
    if not values.diagnosis_groups or not set(values.diagnosis_groups) <= set(
        DiagnosisGroup.values
    ):
        errors["diagnosis_groups"] = _("Choose the diagnosis groups the courses are for.")
    duplicate = TargetGroup.objects.filter(unit=unit, name=values.name.strip())
    if target_group is not None:
        duplicate = duplicate.exclude(pk=target_group.pk)
    if duplicate.exists():
        errors["name"] = _("The unit already has a target group with this name.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        if target_group is None:
            target_group = TargetGroup(unit=unit, created_by=actor)
        else:
            lock_for_edit(target_group, version)
        for name, value in asdict(values).items():
            setattr(target_group, name, value.strip() if isinstance(value, str) else value)
        validate_model(target_group, exclude=["unit", "created_by"])
        count_change(target_group)
        target_group.save()
        record(
            AuditEvent.TARGET_GROUP_SAVED,
            actor=actor,
            obj=target_group,
            changes={
                "name": target_group.name,
                "ages": [values.age_min, values.age_max],
                "diagnosis_groups": values.diagnosis_groups,
            },
        )
    return target_group


@dataclass(frozen=True)
class AssessmentValues:
    interview_held_on: datetime.date
    diagnosis_group: str
    treatment_status: str
    substance_use: str
    cognitive_barriers: str
    open_to_group_work: bool
    last_use_on: datetime.date | None = None
    note: str = ""


def assess_admission(
    *, actor: Actor, course: Course, enrolment: Enrolment, values: AssessmentValues
) -> AdmissionAssessment:
    """Record the admission interview of a referred person for the course, with the target
    group's advice. It marks the target-group check and the admission interview done."""
    access.require_course_task(actor, course, CourseTask.ADMISSION)
    access.require_enrolment(actor, enrolment)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if (
        enrolment.unit_id != course.cohort.unit_id
        or enrolment.programme_model != codes.PROGRAMME
        or enrolment.status not in OPEN_STATUSES
    ):
        errors["enrolment"] = _("Choose an open JOM case of the course's unit.")
    elif AdmissionAssessment.objects.filter(
        enrolment=enrolment, decision=AdmissionDecision.PENDING
    ).exists():
        errors["enrolment"] = _("The person's admission is waiting for a decision already.")
    if values.interview_held_on > today:
        errors["interview_held_on"] = _("The date cannot be in the future.")
    if values.last_use_on is not None and values.last_use_on > today:
        errors["last_use_on"] = _("The date cannot be in the future.")
    if errors:
        raise DomainError(errors)
    assessment = AdmissionAssessment(
        enrolment=enrolment, course=course, assessed_by=actor, **asdict(values)
    )
    if course.target_group is not None:
        assessment.advisory = advise(
            course.target_group, assessment, enrolment.participant.birth_year, today
        )
    validate_model(assessment, exclude=["enrolment", "course", "assessed_by"])
    with transaction.atomic(durable=True):
        assessment.save()
        note_checklist_item(enrolment, codes.ADMISSION_INTERVIEW, values.interview_held_on)
        if course.target_group is not None:
            note_checklist_item(enrolment, codes.TARGET_GROUP_CHECK, values.interview_held_on)
        record(
            AuditEvent.ADMISSION_ASSESSED,
            actor=actor,
            obj=assessment,
            participant_id=enrolment.participant_id,
            changes={"course": course.pk, "advisory": assessment.advisory},
        )
    return assessment


def reasons_not_admitted() -> dict[str, str]:
    """The model's reasons for declining a referral, and "other" with a note."""
    programme = registry().programmes[codes.PROGRAMME]
    return {code: str(reason.name) for code, reason in programme.decline_reasons.items()} | {
        OTHER_REASON: _("Other reason")
    }


def decide_admission(
    *,
    actor: Actor,
    assessment: AdmissionAssessment,
    decision: str,
    decided_on: datetime.date,
    reason: str = "",
    reason_note: str = "",
) -> AdmissionAssessment:
    """Admit the person to the course or not, with the reason and who decided, for the party
    the course's organisation model gives admission to. Admission marks the milestone; a
    referral not admitted is declined on the case (a service of its own)."""
    course = assessment.course
    access.require_course_task(actor, course, CourseTask.ADMISSION)
    enrolment = assessment.enrolment
    access.require_enrolment(actor, enrolment)
    errors: dict[str, str] = {}
    if assessment.decision != AdmissionDecision.PENDING:
        errors["decision"] = _("The admission is decided already.")
    elif decision not in (AdmissionDecision.ADMITTED, AdmissionDecision.NOT_ADMITTED):
        errors["decision"] = _("Choose admitted or not admitted.")
    if decided_on > timezone.localdate() or decided_on < assessment.interview_held_on:
        errors["decided_on"] = _("Choose a day between the interview and today.")
    if decision == AdmissionDecision.NOT_ADMITTED:
        if reason not in reasons_not_admitted():
            errors["reason"] = _("Choose why the person is not admitted.")
        elif reason == OTHER_REASON and not reason_note.strip():
            errors["reason_note"] = _("Describe the reason.")
    if errors:
        raise DomainError(errors)
    parties = access.course_parties_of(actor, course)
    assessment.decided_for = next(
        (party for party in course.parties_for(CourseTask.ADMISSION) if party in parties), ""
    )
    assessment.decision, assessment.decided_on, assessment.decided_by = decision, decided_on, actor
    if decision == AdmissionDecision.NOT_ADMITTED:
        assessment.reason, assessment.reason_note = reason, reason_note.strip()
    with transaction.atomic(durable=True):
        assessment.save()
        if decision == AdmissionDecision.ADMITTED:
            note_milestone(actor, enrolment, codes.ADMITTED, decided_on)
        record(
            AuditEvent.ADMISSION_DECIDED,
            actor=actor,
            obj=assessment,
            participant_id=enrolment.participant_id,
            changes={
                "decision": decision,
                "reason": assessment.reason,
                "decided_for": assessment.decided_for,
            },
        )
    return assessment
