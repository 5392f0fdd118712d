"""The enrolment lifecycle: referral, decline or start, phase transitions, pause and resumption,
exit and re-enrolment. Phase rules come from the programme definition.

Every public function checks access first (so a refusal stays in the audit trail), then changes
the enrolment under its row lock, its history (``EnrolmentEvent``) and the audit trail in one
transaction. Apps that build on pathways act on these changes through ``lifecycle_hooks``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import diff, record, snapshot
from lotsa.core.choices import foreign_agency_errors
from lotsa.errors import DomainError
from lotsa.organisations.models import Unit
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.lifecycle_hooks import enrolment_started
from lotsa.pathways.models import (
    OPEN_STATUSES,
    Enrolment,
    EnrolmentStatus,
    EventKind,
    ReferralSource,
    Responsibility,
    UnitProgramme,
)
from lotsa.pathways.services.enrolment_changes import (
    ENROLMENT_AUDITED_FIELDS,
    add_history_event,
    check_day,
    lock_enrolment,
    programme_of,
    require_participation,
    require_status,
    save_audited_change,
)
from lotsa.pathways.services.enrolment_records import checked_situation, derive_milestone
from lotsa.pathways.services.responsibility import end_responsibilities, may_be_responsible
from lotsa.people.models import ConsentKind, Participant
from lotsa.people.queries import has_consent
from lotsa.people.services import ParticipantDetails, create_participant, refuse_known_duplicate


def _already_open() -> str:
    return _("The participant already has an open enrolment in this programme model at this unit.")


def _open_enrolment_exists(participant: Any, unit: Unit, programme_model: str) -> bool:
    return Enrolment.objects.filter(
        participant=participant,
        unit=unit,
        programme_model=programme_model,
        status__in=OPEN_STATUSES,
    ).exists()


def create_enrolment(
    *,
    actor: Actor,
    participant: Any,
    unit: Unit,
    programme_model: str,
    referral_date: datetime.date,
    referral_source: str = "",
    referrer: str = "",
    responsible_staff: Actor | None = None,
    previous_enrolment: Enrolment | None = None,
) -> Enrolment:
    """A referral to a unit, inside the caller's transaction (the caller has checked access)."""
    programme = registry().get(programme_model)
    errors: dict[str, str] = {}
    if programme is None:
        errors["programme_model"] = _("Choose one of the programme models.")
    elif not UnitProgramme.objects.filter(unit=unit, programme_code=programme_model).exists():
        errors["programme_model"] = _("This unit does not run that programme model.")
    if referral_date > timezone.localdate():
        errors["referral_date"] = _("The referral date cannot be in the future.")
    if referral_source and referral_source not in ReferralSource.values:
        errors["referral_source"] = _("Choose one of the referral sources.")
    else:
        errors |= foreign_agency_errors(unit.organisation.country, referral_source=referral_source)
    if programme is not None and _open_enrolment_exists(participant, unit, programme_model):
        errors["programme_model"] = _already_open()
    if errors:
        raise DomainError(errors)
    assert programme is not None
    staff: Actor | None = responsible_staff or (actor if actor.is_authenticated else None)
    if staff is not None and not may_be_responsible(staff, unit, timezone.localdate()):
        if responsible_staff is not None:
            raise DomainError(
                {"responsible_staff": _("Choose a coach or team leader of the unit.")}
            )
        staff = None  # e.g. a team leader of another unit made the referral
    try:
        # A referral made at the same moment passed the check above too: the constraint
        # "one_open_enrolment" lets only one of them in.
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                participant=participant,
                unit=unit,
                programme_model=programme_model,
                phase=programme.start_phase,
                phase_since=referral_date,
                referral_date=referral_date,
                referral_source=referral_source,
                referrer=referrer,
                responsible_staff=staff,
                previous_enrolment=previous_enrolment,
            )
    except IntegrityError:
        raise DomainError({"programme_model": _already_open()}) from None
    if staff is not None:
        Responsibility.objects.create(enrolment=enrolment, staff=staff, starts_on=referral_date)
    add_history_event(
        actor,
        enrolment,
        EventKind.REFERRED,
        referral_date,
        to_phase=programme.start_phase,
        staff=staff,
    )
    derive_milestone(actor, enrolment, programme, "referral", referral_date)
    record(
        AuditEvent.ENROLMENT_CREATED,
        actor=actor,
        obj=enrolment,
        participant_id=participant.pk,
        changes=diff({}, snapshot(enrolment, ENROLMENT_AUDITED_FIELDS), hide_values=False),
    )
    return enrolment


def register_participant(
    *,
    actor: Actor,
    details: ParticipantDetails,
    unit: Unit,
    programme_model: str,
    referral_date: datetime.date,
    referral_source: str = "",
    referrer: str = "",
) -> Participant:
    """Register a person and their referral to a unit (the enrolment gives the staff access)."""
    access.require(actor, access.Action.REGISTER_PARTICIPANT, unit)
    refuse_known_duplicate(actor, details)
    with transaction.atomic(durable=True):
        participant = create_participant(actor, details)
        create_enrolment(
            actor=actor,
            participant=participant,
            unit=unit,
            programme_model=programme_model,
            referral_date=referral_date,
            referral_source=referral_source,
            referrer=referrer,
        )
        return participant


def enrol_participant(
    *,
    actor: Actor,
    participant: Any,
    unit: Unit,
    programme_model: str,
    referral_date: datetime.date,
    referral_source: str = "",
    referrer: str = "",
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
            referral_source=referral_source,
            referrer=referrer,
        )


def re_enrol(
    *,
    actor: Actor,
    enrolment: Enrolment,
    referral_date: datetime.date,
    referral_source: str = "",
    referrer: str = "",
) -> Enrolment:
    """A new enrolment in the same model and unit after an ended or declined one; history is kept."""
    access.require_enrolment(actor, enrolment)
    if enrolment.is_open:
        raise DomainError(
            {"referral_date": _("The enrolment is still open: end it before a re-enrolment.")}
        )
    with transaction.atomic(durable=True):
        if enrolment.end_date and referral_date < enrolment.end_date:
            raise DomainError(
                {"referral_date": _("A re-enrolment starts after the earlier enrolment ended.")}
            )
        return create_enrolment(
            actor=actor,
            participant=enrolment.participant,
            unit=enrolment.unit,
            programme_model=enrolment.programme_model,
            referral_date=referral_date,
            referral_source=referral_source,
            referrer=referrer,
            previous_enrolment=enrolment,
        )


def decline_referral(
    *, actor: Actor, enrolment: Enrolment, day: datetime.date, reason: str, note: str = ""
) -> Enrolment:
    """Record that a referral was not accepted, and why (the reason is required)."""
    access.require_enrolment(actor, enrolment)
    programme = programme_of(enrolment)
    require_status(enrolment, [EnrolmentStatus.REFERRED])
    check_day(day, "day", not_before=enrolment.referral_date)
    if reason not in programme.decline_reasons and reason != "other":
        raise DomainError({"reason": _("Choose the reason the referral is declined.")})
    if reason == "other" and not note.strip():
        raise DomainError({"note": _("Describe the reason.")})
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, "day")
        before = snapshot(enrolment, ENROLMENT_AUDITED_FIELDS)
        enrolment.status, enrolment.decline_reason, enrolment.end_date = (
            EnrolmentStatus.DECLINED,
            reason,
            day,
        )
        enrolment.phase, enrolment.phase_since = programme.terminal_phase, day
        add_history_event(
            actor,
            enrolment,
            EventKind.DECLINED,
            day,
            from_phase=before["phase"],
            to_phase=enrolment.phase,
            note=note,
        )
        end_responsibilities(enrolment, day)
        save_audited_change(
            actor,
            enrolment,
            before,
            ["status", "decline_reason", "end_date", "phase", "phase_since"],
        )
    return enrolment


def start_enrolment(*, actor: Actor, enrolment: Enrolment, day: datetime.date) -> Enrolment:
    """Accept the referral and start: the model's required consents must be in force that day."""
    access.require_enrolment(actor, enrolment)
    programme = programme_of(enrolment)
    require_status(enrolment, [EnrolmentStatus.REFERRED])
    check_day(
        day,
        "day",
        not_before=enrolment.referral_date,
        before_text=_("The start cannot be before the referral."),
    )
    missing = [
        kind
        for kind in programme.requires_consent
        if not has_consent(
            enrolment.participant, kind, on=day, given_to=enrolment.unit.organisation_id
        )
    ]
    if missing:
        names = ", ".join(str(ConsentKind(kind).label).lower() for kind in missing)
        raise DomainError(
            {
                "day": _("The programme needs the participant's consent first: %(kinds)s.")
                % {"kinds": names}
            }
        )
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, "day")
        before = snapshot(enrolment, ENROLMENT_AUDITED_FIELDS)
        enrolment.status, enrolment.start_date = EnrolmentStatus.ACTIVE, day
        add_history_event(actor, enrolment, EventKind.STARTED, day)
        derive_milestone(actor, enrolment, programme, "start", day)
        save_audited_change(actor, enrolment, before, ["status", "start_date"])
        enrolment_started.run(enrolment)
    return enrolment


def transition_phase(
    *, actor: Actor, enrolment: Enrolment, to_phase: str, day: datetime.date, note: str = ""
) -> Enrolment:
    """Move to another phase, if the programme model allows the move from the current phase."""
    access.require_enrolment(actor, enrolment)
    require_participation(enrolment)
    programme = programme_of(enrolment)
    require_status(enrolment, [EnrolmentStatus.ACTIVE], "to_phase")
    allowed = programme.next_phases(enrolment.phase)
    if to_phase not in programme.phases:
        raise DomainError({"to_phase": _("Unknown phase.")})
    if to_phase not in allowed:
        raise DomainError(
            {
                "to_phase": _("%(model)s does not allow a move from %(from)s to %(to)s.")
                % {
                    "model": programme.name,
                    "from": programme.phases[enrolment.phase].name,
                    "to": programme.phases[to_phase].name,
                }
            }
        )
    if allowed[to_phase] and not note.strip():
        raise DomainError({"note": _("This move needs a recorded decision: write it in the note.")})
    check_day(
        day,
        "day",
        not_before=enrolment.phase_since,
        before_text=_("The move cannot be dated before the current phase began."),
    )
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, "to_phase")
        before = snapshot(enrolment, ENROLMENT_AUDITED_FIELDS)
        add_history_event(
            actor,
            enrolment,
            EventKind.PHASE_CHANGED,
            day,
            from_phase=enrolment.phase,
            to_phase=to_phase,
            note=note,
        )
        enrolment.phase, enrolment.phase_since = to_phase, day
        derive_milestone(actor, enrolment, programme, f"phase:{to_phase}", day)
        save_audited_change(actor, enrolment, before, ["phase", "phase_since"])
    return enrolment


def pause_enrolment(
    *, actor: Actor, enrolment: Enrolment, day: datetime.date, note: str = ""
) -> Enrolment:
    access.require_enrolment(actor, enrolment)
    require_status(enrolment, [EnrolmentStatus.ACTIVE])
    check_day(day, "day", not_before=enrolment.phase_since)
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, "day")
        before = snapshot(enrolment, ENROLMENT_AUDITED_FIELDS)
        enrolment.status = EnrolmentStatus.PAUSED
        add_history_event(actor, enrolment, EventKind.PAUSED, day, note=note)
        save_audited_change(actor, enrolment, before, ["status"])
    return enrolment


def resume_enrolment(
    *, actor: Actor, enrolment: Enrolment, day: datetime.date, note: str = ""
) -> Enrolment:
    access.require_enrolment(actor, enrolment)
    require_participation(enrolment)
    require_status(enrolment, [EnrolmentStatus.PAUSED])
    check_day(day, "day")
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, "day")
        before = snapshot(enrolment, ENROLMENT_AUDITED_FIELDS)
        enrolment.status = EnrolmentStatus.ACTIVE
        # Deadlines that count from the phase start begin again from the resumption.
        enrolment.phase_since = max(enrolment.phase_since or day, day)
        add_history_event(actor, enrolment, EventKind.RESUMED, day, note=note)
        save_audited_change(actor, enrolment, before, ["status", "phase_since"])
    return enrolment


def exit_enrolment(
    *,
    actor: Actor,
    enrolment: Enrolment,
    day: datetime.date,
    reason: str,
    note: str = "",
    income_sources: list[str] | None = None,
    employment_status: str = "",
    education_level: str = "",
) -> Enrolment:
    """End the enrolment with a reason from the model; the reason decides the outcome class."""
    access.require_enrolment(actor, enrolment)
    programme = programme_of(enrolment)
    require_status(enrolment, [EnrolmentStatus.ACTIVE, EnrolmentStatus.PAUSED])
    exit_reason = programme.exit_reasons.get(reason)
    if exit_reason is None:
        raise DomainError({"reason": _("Choose one of the model's reasons for ending.")})
    check_day(
        day,
        "day",
        not_before=enrolment.start_date,
        before_text=_("The end cannot be before the start."),
    )
    situation = checked_situation(income_sources or [], employment_status, education_level)
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, "day")
        before = snapshot(enrolment, ENROLMENT_AUDITED_FIELDS)
        add_history_event(
            actor,
            enrolment,
            EventKind.EXITED,
            day,
            from_phase=enrolment.phase,
            to_phase=programme.terminal_phase,
            note=note,
        )
        enrolment.status, enrolment.end_date = EnrolmentStatus.EXITED, day
        enrolment.exit_reason, enrolment.outcome = reason, exit_reason.outcome
        enrolment.phase, enrolment.phase_since = programme.terminal_phase, day
        (
            enrolment.exit_income_sources,
            enrolment.exit_employment_status,
            enrolment.exit_education_level,
        ) = situation
        derive_milestone(actor, enrolment, programme, "exit", day)
        end_responsibilities(enrolment, day)
        save_audited_change(
            actor,
            enrolment,
            before,
            [
                "status",
                "end_date",
                "exit_reason",
                "outcome",
                "phase",
                "phase_since",
                "exit_income_sources",
                "exit_employment_status",
                "exit_education_level",
            ],
        )
    return enrolment
