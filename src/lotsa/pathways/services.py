"""Enrolling participants in a programme model at a unit."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import diff, record, snapshot
from lotsa.errors import DomainError
from lotsa.organisations.models import Unit
from lotsa.pathways.models import Enrolment, ProgrammeModel

ENROLMENT_AUDITED_FIELDS = (
    "unit",
    "programme_model",
    "referral_date",
    "start_date",
    "end_date",
    "responsible_staff",
)


def create_enrolment(
    *,
    actor: Any,
    participant: Any,
    unit: Unit,
    programme_model: str,
    referral_date: datetime.date,
    responsible_staff: Any = None,
) -> Enrolment:
    """Create a referral-stage enrolment inside the caller's transaction (checked by the caller)."""
    errors: dict[str, str] = {}
    if programme_model not in ProgrammeModel.values:
        errors["programme_model"] = _("Choose one of the programme models.")
    if referral_date > timezone.localdate():
        errors["referral_date"] = _("The referral date cannot be in the future.")
    if errors:
        raise DomainError(errors)
    enrolment = Enrolment.objects.create(
        participant=participant,
        unit=unit,
        programme_model=programme_model,
        referral_date=referral_date,
        responsible_staff=responsible_staff or (actor if actor.is_authenticated else None),
    )
    record(
        AuditEvent.ENROLMENT_CREATED,
        actor=actor,
        obj=enrolment,
        participant_id=participant.pk,
        changes=diff({}, snapshot(enrolment, ENROLMENT_AUDITED_FIELDS), hide_values=False),
    )
    return enrolment


def enrol_participant(
    *,
    actor: Any,
    participant: Any,
    unit: Unit,
    programme_model: str,
    referral_date: datetime.date,
) -> Enrolment:
    """Refer a participant the user already works with to (another) unit the user belongs to."""
    access.require(actor, access.Action.CHANGE_PARTICIPANT, participant)
    access.require(actor, access.Action.REGISTER_PARTICIPANT, unit)
    with transaction.atomic(durable=True):
        return create_enrolment(
            actor=actor,
            participant=participant,
            unit=unit,
            programme_model=programme_model,
            referral_date=referral_date,
        )


def set_enrolment_dates(
    *,
    actor: Any,
    enrolment: Enrolment,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
) -> Enrolment:
    """Record when the participant started and (if so) left the programme."""
    access.require(actor, access.Action.CHANGE_PARTICIPANT, enrolment.participant)
    with transaction.atomic(durable=True):
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if start_date is not None and start_date < enrolment.referral_date:
            errors["start_date"] = _("The start cannot be before the referral.")
        elif start_date is not None and start_date > today:
            errors["start_date"] = _("The start date cannot be in the future.")
        if end_date is not None and end_date < (start_date or enrolment.referral_date):
            errors["end_date"] = _("The end cannot be before the start or the referral.")
        elif end_date is not None and end_date > today:
            errors["end_date"] = _("The end date cannot be in the future.")
        if errors:
            raise DomainError(errors)
        before = snapshot(enrolment, ENROLMENT_AUDITED_FIELDS)
        enrolment.start_date, enrolment.end_date = start_date, end_date
        enrolment.save(update_fields=["start_date", "end_date", "updated_at"])
        changes = diff(before, snapshot(enrolment, ENROLMENT_AUDITED_FIELDS), hide_values=False)
        if changes:
            record(
                AuditEvent.ENROLMENT_UPDATED,
                actor=actor,
                obj=enrolment,
                participant_id=enrolment.participant_id,
                changes=changes,
            )
        return enrolment
