"""Work analyses (self-rating and observation per functional requirement of a task) and their
summaries for the referrer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.enrolment_records import note_checklist_item, note_milestone
from lotsa.worktraining import codes
from lotsa.worktraining.models import (
    SELF_RATING_MAX,
    AbilityEntry,
    AnalysisSummary,
    Purpose,
    RequirementLevel,
    WorkAnalysis,
    WorkTask,
)
from lotsa.worktraining.services._checks import require_work_training_case


@dataclass(frozen=True)
class EntryInput:
    requirement: str
    self_rating: int | None = None
    observed_level: int | None = None
    observation: str = ""

    @property
    def is_empty(self) -> bool:
        return self.self_rating is None and self.observed_level is None and not self.observation


def _check_day(enrolment: Enrolment, day: datetime.date, field: str) -> dict[str, str]:
    if day > timezone.localdate():
        return {field: _("The date cannot be in the future.")}
    if day < enrolment.referral_date:
        return {field: _("The date is before the referral.")}
    return {}


def record_work_analysis(
    *,
    actor: Actor,
    enrolment: Enrolment,
    task: WorkTask,
    observed_on: datetime.date,
    purpose: str,
    entries: list[EntryInput],
) -> WorkAnalysis:
    """The participant's self-rating and the supervisor's observation of the task's
    requirements on one day. The first marks the milestone of the first work analysis."""
    require_work_training_case(actor, enrolment)
    errors = _check_day(enrolment, observed_on, "observed_on")
    if task.work_unit.unit_id != enrolment.unit_id or not task.is_active:
        errors["task"] = _("Choose a task from the catalogue of the case's unit.")
    if purpose not in Purpose.values:
        errors["purpose"] = _("Choose the purpose of the observation.")
    required = {r.requirement for r in task.requirements.all()}
    for entry in entries:
        if entry.requirement not in required:
            errors[f"entry_{entry.requirement}"] = _("The task does not ask for this.")
        if entry.self_rating is not None and not 0 <= entry.self_rating <= SELF_RATING_MAX:
            errors[f"self_rating_{entry.requirement}"] = _(
                "Enter a self-rating from 0 to %(max)s."
            ) % {"max": SELF_RATING_MAX}
        if entry.observed_level is not None and entry.observed_level not in RequirementLevel.values:
            errors[f"observed_level_{entry.requirement}"] = _("Choose a level from 1 to 3.")
    kept = [entry for entry in entries if not entry.is_empty]
    if not kept and "task" not in errors:
        errors["__all__"] = _("Record a self-rating or an observation of at least one requirement.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        analysis = WorkAnalysis.objects.create(
            enrolment=enrolment,
            task=task,
            observed_on=observed_on,
            purpose=purpose,
            recorded_by=actor,
        )
        AbilityEntry.objects.bulk_create(
            AbilityEntry(
                analysis=analysis,
                requirement=entry.requirement,
                self_rating=entry.self_rating,
                observed_level=entry.observed_level,
                observation=entry.observation.strip()[:2000],
            )
            for entry in kept
        )
        record(
            AuditEvent.WORK_ANALYSIS_RECORDED,
            actor=actor,
            obj=analysis,
            participant_id=enrolment.participant_id,
            changes={
                "task": task.pk,
                "observed_on": observed_on.isoformat(),
                "purpose": purpose,
                "requirements": sorted(entry.requirement for entry in kept),
            },
        )
        note_milestone(actor, enrolment, codes.FIRST_WORK_ANALYSIS, observed_on)
        note_checklist_item(enrolment, codes.WORK_ANALYSIS, observed_on)
        if any(entry.self_rating is not None for entry in kept):
            note_checklist_item(enrolment, codes.SELF_RATING, observed_on)
        if any(entry.observed_level is not None or entry.observation for entry in kept):
            note_checklist_item(enrolment, codes.FUNCTIONAL_OBSERVATION, observed_on)
    return analysis


def write_analysis_summary(
    *,
    actor: Actor,
    enrolment: Enrolment,
    written_on: datetime.date,
    text: str,
    analyses: list[WorkAnalysis],
    for_referrer: bool = True,
) -> AnalysisSummary:
    """A summary of some of the case's work analyses, for the referrer or the file."""
    require_work_training_case(actor, enrolment)
    errors = _check_day(enrolment, written_on, "written_on")
    if not text.strip():
        errors["text"] = _("Write the summary.")
    if any(analysis.enrolment_id != enrolment.pk for analysis in analyses):
        errors["analyses"] = _("Choose work analyses of this case.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        summary = AnalysisSummary.objects.create(
            enrolment=enrolment,
            written_on=written_on,
            text=text.strip(),
            for_referrer=for_referrer,
            written_by=actor,
        )
        summary.analyses.set(analyses)
        record(
            AuditEvent.ANALYSIS_SUMMARY_WRITTEN,
            actor=actor,
            obj=summary,
            participant_id=enrolment.participant_id,
            changes={
                "analyses": sorted(analysis.pk for analysis in analyses),
                "for_referrer": for_referrer,
            },
        )
    return summary
