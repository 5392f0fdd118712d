"""Aftercare after a JOM course: the level chosen and changed with its reason, the group's
follow-up meetings, and education started or planned at the end and six months after."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.cohorts.models import Cohort, CohortMember
from lotsa.errors import DomainError
from lotsa.jom import codes
from lotsa.jom.models.internship import (
    AftercareLevel,
    AftercareMeeting,
    EducationState,
    EducationStatus,
    StatusPoint,
)
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.enrolment_records import note_checklist_item, note_milestone


def _not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError({field: _("This date is in the future.")})


def set_aftercare_level(
    *, actor: Actor, enrolment: Enrolment, level: int, starts_on: datetime.date, reason: str
) -> AftercareLevel:
    """Choose or change the aftercare level. The history keeps every change with its reason;
    the programme's milestone marks only the first start at each level."""
    access.require_enrolment(actor, enrolment)
    errors: dict[str, str] = {}
    if level not in codes.AFTERCARE_LEVELS:
        errors["level"] = _("Choose level 1, 2 or 3.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the level.")
    if errors:
        raise DomainError(errors)
    _not_in_future(starts_on, "starts_on")
    with transaction.atomic(durable=True):
        current = AftercareLevel.objects.filter(enrolment=enrolment).first()
        if current is not None and current.level == level:
            raise DomainError({"level": _("The participant is at this level already.")})
        if current is not None and starts_on < current.starts_on:
            raise DomainError(
                {"starts_on": _("A change starts on or after the current level's start.")}
            )
        chosen = AftercareLevel.objects.create(
            enrolment=enrolment,
            level=level,
            starts_on=starts_on,
            reason=reason.strip(),
            decided_by=actor,
        )
        note_milestone(actor, enrolment, codes.AFTERCARE_LEVELS[level], starts_on)
        note_checklist_item(enrolment, codes.AFTERCARE_NEED_ASSESSED, starts_on)
        record(
            AuditEvent.AFTERCARE_LEVEL_SET,
            actor=actor,
            obj=chosen,
            participant_id=enrolment.participant_id,
            changes={"level": level, "from_level": current.level if current else None},
        )
    return chosen


def record_aftercare_meeting(
    *,
    actor: Actor,
    cohort: Cohort,
    held_on: datetime.date,
    attendees: list[Enrolment],
    note: str = "",
) -> AftercareMeeting:
    """A group follow-up meeting of the course's participants; it marks the aftercare follow-up
    of each participant present."""
    if cohort.unit_id not in access.unit_ids_for(actor, access.Action.CHANGE_PARTICIPANT):
        access.refuse(actor, "aftercare.meeting", object_type="cohorts.cohort", object_id=cohort.pk)
    _not_in_future(held_on, "held_on")
    if not attendees:
        raise DomainError({"attendees": _("Choose the participants who came.")})
    members = set(CohortMember.objects.filter(cohort=cohort).values_list("enrolment_id", flat=True))
    if any(enrolment.pk not in members for enrolment in attendees):
        raise DomainError({"attendees": _("Choose among the participants of this course.")})
    with transaction.atomic(durable=True):
        meeting = AftercareMeeting.objects.create(
            cohort=cohort, held_on=held_on, note=note.strip(), recorded_by=actor
        )
        meeting.attendees.set(attendees)
        for enrolment in attendees:
            note_checklist_item(enrolment, codes.AFTERCARE_FOLLOW_UP, held_on)
        record(
            AuditEvent.AFTERCARE_MEETING_RECORDED,
            actor=actor,
            obj=meeting,
            participants=[enrolment.participant_id for enrolment in attendees],
        )
    return meeting


def record_education_status(
    *,
    actor: Actor,
    enrolment: Enrolment,
    point: str,
    state: str,
    education: str = "",
    planned_start_on: datetime.date | None = None,
) -> EducationStatus:
    """Education beside the status at the end of the course or six months after: started, or
    planned from a date. A second entry for the same point corrects the first."""
    access.require_enrolment(actor, enrolment)
    errors: dict[str, str] = {}
    if point not in StatusPoint.values:
        errors["point"] = _("Choose when.")
    if state not in EducationState.values:
        errors["state"] = _("Choose started or planned.")
    if state == EducationState.PLANNED and planned_start_on is None:
        errors["planned_start_on"] = _("Give the date the planned education starts.")
    if state == EducationState.STARTED and planned_start_on is not None:
        errors["planned_start_on"] = _("A started education has no planned start.")
    if errors:
        raise DomainError(errors)
    today = timezone.localdate()
    with transaction.atomic(durable=True):
        status, _created = EducationStatus.objects.update_or_create(
            enrolment=enrolment,
            point=point,
            defaults={
                "state": state,
                "education": education.strip(),
                "planned_start_on": planned_start_on,
                "recorded_on": today,
                "recorded_by": actor,
            },
        )
        record(
            AuditEvent.EDUCATION_STATUS_RECORDED,
            actor=actor,
            obj=status,
            participant_id=enrolment.participant_id,
            changes={"point": point, "state": state, "planned_start_on": planned_start_on},
        )
    return status
