"""The enrolment lifecycle: referral, decline or start, phase transitions, pause, exit,
re-enrolment, responsibility and milestones. Phase rules come from the programme definition.

Every public function checks access first (so a refusal stays in the audit trail), then changes
the enrolment, its history (``EnrolmentEvent``) and the audit trail in one transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import diff, record, snapshot
from lotsa.errors import NON_FIELD, DomainError
from lotsa.organisations.models import Membership, Role, Unit
from lotsa.pathways.definitions.programme import FollowUp as FollowUpDefinition
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import (
    OPEN_STATUSES,
    BenefitExtent,
    BenefitFacts,
    BenefitType,
    ChecklistEntry,
    EducationLevel,
    EmploymentStatus,
    Enrolment,
    EnrolmentEvent,
    EnrolmentStatus,
    EventKind,
    FollowUp,
    IncomeSource,
    Milestone,
    ReferralSource,
    Responsibility,
    UnitProgramme,
)
from lotsa.people.models import ConsentKind
from lotsa.people.queries import has_consent, withdrawn_consent

ENROLMENT_AUDITED_FIELDS = (
    "unit",
    "programme_model",
    "status",
    "phase",
    "referral_date",
    "referral_source",
    "start_date",
    "end_date",
    "decline_reason",
    "exit_reason",
    "outcome",
    "responsible_staff",
)
RESPONSIBLE_ROLES = (Role.COACH, Role.SUPERVISOR)


def require_participation(enrolment: Enrolment) -> None:
    """Nothing new is recorded on a case once the participant has withdrawn consent to take part
    (given to the organisation of the enrolment's unit): the case is to be ended."""
    withdrawn = withdrawn_consent(
        enrolment.participant_id, ConsentKind.PARTICIPATION, enrolment.unit.organisation_id
    )
    if withdrawn is not None:
        raise DomainError(
            _(
                "The participant withdrew the consent to take part on %(date)s: nothing new can "
                "be recorded on the case. End the enrolment."
            )
            % {"date": withdrawn.withdrawn_on.isoformat()}
        )


def programme_of(record: Any) -> Programme:
    """The installed programme model of an enrolment (or a referral, or anything that names
    one in ``programme_model``)."""
    programme = registry().get(record.programme_model)
    if programme is None:
        raise DomainError({"programme_model": _("This programme model is not installed.")})
    return programme


def _check_day(
    day: datetime.date,
    field: str,
    *,
    not_before: datetime.date | None = None,
    before_text: str = "",
) -> None:
    if day > timezone.localdate():
        raise DomainError({field: _("The date cannot be in the future.")})
    if not_before is not None and day < not_before:
        raise DomainError({field: before_text or _("The date is before the previous step.")})


def _state(enrolment: Enrolment) -> tuple[Any, ...]:
    return (
        enrolment.status,
        enrolment.phase,
        enrolment.phase_since,
        enrolment.start_date,
        enrolment.end_date,
        enrolment.responsible_staff_id,
    )


def lock_enrolment(enrolment: Enrolment, field: str | None = NON_FIELD) -> None:
    """Re-read the enrolment under a row lock, inside the caller's transaction, and refuse the
    change (on ``field``) if its status, phase, dates or responsible staff changed since the
    caller read it; ``field=None`` only locks.

    Two requests acting on one enrolment at once both pass their checks on the copy each read.
    The lock makes the second wait until the first has committed, and the comparison then
    refuses it instead of applying it on top (a second start, a move from a phase the case has
    left). A no-key lock lets inserts that only refer to the enrolment (contacts, events) go on,
    so that a service inserting those before it locks cannot deadlock with another."""
    seen = _state(enrolment)
    enrolment.refresh_from_db(from_queryset=Enrolment.objects.select_for_update(no_key=True))
    if field is not None and _state(enrolment) != seen:
        raise DomainError(
            {
                field: _(
                    "Someone else changed this enrolment since you opened it: reload the case "
                    "and try again."
                )
            }
        )


def _lock_row(enrolment: Enrolment) -> None:
    """Lock the enrolment's row as ``lock_enrolment`` does, leaving the caller's copy (which may
    hold changes not saved yet) as it is."""
    list(Enrolment.objects.select_for_update(no_key=True).filter(pk=enrolment.pk).values("pk"))


def _audited_change(
    actor: Any, enrolment: Enrolment, before: dict[str, Any], fields: list[str]
) -> None:
    enrolment.save(update_fields=[*fields, "updated_at"])
    record(
        AuditEvent.ENROLMENT_UPDATED,
        actor=actor,
        obj=enrolment,
        participant_id=enrolment.participant_id,
        changes=diff(before, snapshot(enrolment, ENROLMENT_AUDITED_FIELDS), hide_values=False),
    )


def _event(
    actor: Any, enrolment: Enrolment, kind: str, day: datetime.date, **fields: Any
) -> EnrolmentEvent:
    return EnrolmentEvent.objects.create(
        enrolment=enrolment,
        kind=kind,
        occurred_on=day,
        recorded_by=actor if actor.is_authenticated else None,
        **fields,
    )


def derive_milestone(
    actor: Any, enrolment: Enrolment, programme: Programme, source: str, day: datetime.date
) -> None:
    """Record the milestone the definition derives from ``source``, unless an earlier one exists."""
    code = programme.derived_milestone(source)
    if code is None:
        return
    _lock_row(enrolment)  # two first contacts at once derive one milestone
    existing = Milestone.objects.filter(enrolment=enrolment, code=code).first()
    if existing is None:
        Milestone.objects.create(enrolment=enrolment, code=code, occurred_on=day, derived=True)
    elif existing.derived and day < existing.occurred_on:
        existing.occurred_on = day
        existing.save(update_fields=["occurred_on"])


def note_milestone(actor: Any, enrolment: Enrolment, code: str, day: datetime.date) -> None:
    """Record a milestone another record marks (a meeting, a follow-up), unless it is recorded
    already; inside the caller's transaction."""
    _lock_row(enrolment)
    if not Milestone.objects.filter(enrolment=enrolment, code=code).exists():
        Milestone.objects.create(enrolment=enrolment, code=code, occurred_on=day, recorded_by=actor)
        _event(actor, enrolment, EventKind.MILESTONE, day, note=code)


def _may_be_responsible(staff: Any, unit: Unit, day: datetime.date) -> bool:
    return (
        Membership.objects.active_on(day)
        .filter(user=staff, unit=unit, role__in=RESPONSIBLE_ROLES)
        .exists()
    )


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
    actor: Any,
    participant: Any,
    unit: Unit,
    programme_model: str,
    referral_date: datetime.date,
    referral_source: str = "",
    referrer: str = "",
    responsible_staff: Any = None,
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
    if programme is not None and _open_enrolment_exists(participant, unit, programme_model):
        errors["programme_model"] = _already_open()
    if errors:
        raise DomainError(errors)
    assert programme is not None
    staff = responsible_staff or (actor if actor.is_authenticated else None)
    if staff is not None and not _may_be_responsible(staff, unit, timezone.localdate()):
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
    _event(
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


def enrol_participant(
    *,
    actor: Any,
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
    actor: Any,
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


def _require_status(enrolment: Enrolment, allowed: Iterable[str], field: str = "status") -> None:
    if enrolment.status not in allowed:
        raise DomainError(
            {
                field: _("Not possible while the enrolment is %(status)s.")
                % {"status": enrolment.get_status_display().lower()}
            }
        )


def decline_referral(
    *, actor: Any, enrolment: Enrolment, day: datetime.date, reason: str, note: str = ""
) -> Enrolment:
    """Record that a referral was not accepted, and why (the reason is required)."""
    access.require_enrolment(actor, enrolment)
    programme = programme_of(enrolment)
    _require_status(enrolment, [EnrolmentStatus.REFERRED])
    _check_day(day, "day", not_before=enrolment.referral_date)
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
        _event(
            actor,
            enrolment,
            EventKind.DECLINED,
            day,
            from_phase=before["phase"],
            to_phase=enrolment.phase,
            note=note,
        )
        _end_responsibilities(enrolment, day)
        _audited_change(
            actor,
            enrolment,
            before,
            ["status", "decline_reason", "end_date", "phase", "phase_since"],
        )
    return enrolment


def start_enrolment(*, actor: Any, enrolment: Enrolment, day: datetime.date) -> Enrolment:
    """Accept the referral and start: the model's required consents must be in force that day."""
    access.require_enrolment(actor, enrolment)
    programme = programme_of(enrolment)
    _require_status(enrolment, [EnrolmentStatus.REFERRED])
    _check_day(
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
        _event(actor, enrolment, EventKind.STARTED, day)
        derive_milestone(actor, enrolment, programme, "start", day)
        _audited_change(actor, enrolment, before, ["status", "start_date"])
        # Employer contacts recorded before a backdated start may fall after it.
        from lotsa.employment.services import refresh_first_employer_contact

        refresh_first_employer_contact([enrolment])
    return enrolment


def transition_phase(
    *, actor: Any, enrolment: Enrolment, to_phase: str, day: datetime.date, note: str = ""
) -> Enrolment:
    """Move to another phase, if the programme model allows the move from the current phase."""
    access.require_enrolment(actor, enrolment)
    require_participation(enrolment)
    programme = programme_of(enrolment)
    _require_status(enrolment, [EnrolmentStatus.ACTIVE], "to_phase")
    allowed = programme.next_phases(enrolment.phase)
    if to_phase not in programme.phases:
        raise DomainError({"to_phase": _("Unknown phase.")})
    if to_phase not in allowed:
        raise DomainError(
            {
                "to_phase": _("%(model)s does not allow a move from %(from)s to %(to)s.")
                % {
                    "model": programme.code.upper(),
                    "from": programme.phases[enrolment.phase].name,
                    "to": programme.phases[to_phase].name,
                }
            }
        )
    if allowed[to_phase] and not note.strip():
        raise DomainError({"note": _("This move needs a recorded decision: write it in the note.")})
    _check_day(
        day,
        "day",
        not_before=enrolment.phase_since,
        before_text=_("The move cannot be dated before the current phase began."),
    )
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, "to_phase")
        before = snapshot(enrolment, ENROLMENT_AUDITED_FIELDS)
        _event(
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
        _audited_change(actor, enrolment, before, ["phase", "phase_since"])
    return enrolment


def pause_enrolment(
    *, actor: Any, enrolment: Enrolment, day: datetime.date, note: str = ""
) -> Enrolment:
    access.require_enrolment(actor, enrolment)
    _require_status(enrolment, [EnrolmentStatus.ACTIVE])
    _check_day(day, "day", not_before=enrolment.phase_since)
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, "day")
        before = snapshot(enrolment, ENROLMENT_AUDITED_FIELDS)
        enrolment.status = EnrolmentStatus.PAUSED
        _event(actor, enrolment, EventKind.PAUSED, day, note=note)
        _audited_change(actor, enrolment, before, ["status"])
    return enrolment


def resume_enrolment(
    *, actor: Any, enrolment: Enrolment, day: datetime.date, note: str = ""
) -> Enrolment:
    access.require_enrolment(actor, enrolment)
    require_participation(enrolment)
    _require_status(enrolment, [EnrolmentStatus.PAUSED])
    _check_day(day, "day")
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, "day")
        before = snapshot(enrolment, ENROLMENT_AUDITED_FIELDS)
        enrolment.status = EnrolmentStatus.ACTIVE
        # Deadlines that count from the phase start begin again from the resumption.
        enrolment.phase_since = max(enrolment.phase_since or day, day)
        _event(actor, enrolment, EventKind.RESUMED, day, note=note)
        _audited_change(actor, enrolment, before, ["status", "phase_since"])
    return enrolment


def exit_enrolment(
    *,
    actor: Any,
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
    _require_status(enrolment, [EnrolmentStatus.ACTIVE, EnrolmentStatus.PAUSED])
    exit_reason = programme.exit_reasons.get(reason)
    if exit_reason is None:
        raise DomainError({"reason": _("Choose one of the model's reasons for ending.")})
    _check_day(
        day,
        "day",
        not_before=enrolment.start_date,
        before_text=_("The end cannot be before the start."),
    )
    situation = _situation(income_sources or [], employment_status, education_level)
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, "day")
        before = snapshot(enrolment, ENROLMENT_AUDITED_FIELDS)
        _event(
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
        _end_responsibilities(enrolment, day)
        _audited_change(
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


def _situation(
    income_sources: list[str], employment_status: str, education_level: str
) -> tuple[list[str], str, str]:
    errors = {}
    unknown = [source for source in income_sources if source not in IncomeSource.values]
    if unknown:
        errors["income_sources"] = _("Unknown income source: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    if employment_status and employment_status not in EmploymentStatus.values:
        errors["employment_status"] = _("Choose one of the employment statuses.")
    if education_level and education_level not in EducationLevel.values:
        errors["education_level"] = _("Choose one of the education levels.")
    if errors:
        raise DomainError(errors)
    return sorted(set(income_sources)), employment_status, education_level


def record_baseline(
    *,
    actor: Any,
    enrolment: Enrolment,
    income_sources: list[str],
    employment_status: str,
    education_level: str,
) -> Enrolment:
    """The participant's situation at the start: income, employment and education."""
    access.require_enrolment(actor, enrolment)
    situation = _situation(income_sources, employment_status, education_level)
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, None)
        before = snapshot(
            enrolment,
            (
                *ENROLMENT_AUDITED_FIELDS,
                "baseline_income_sources",
                "baseline_employment_status",
                "baseline_education_level",
            ),
        )
        (
            enrolment.baseline_income_sources,
            enrolment.baseline_employment_status,
            enrolment.baseline_education_level,
        ) = situation
        enrolment.save(
            update_fields=[
                "baseline_income_sources",
                "baseline_employment_status",
                "baseline_education_level",
                "updated_at",
            ]
        )
        record(
            AuditEvent.ENROLMENT_UPDATED,
            actor=actor,
            obj=enrolment,
            participant_id=enrolment.participant_id,
            changes=diff(before, snapshot(enrolment, tuple(before)), hide_values=False),
        )
    return enrolment


def record_milestone(
    *, actor: Any, enrolment: Enrolment, code: str, day: datetime.date, note: str = ""
) -> Milestone:
    """Record a milestone the staff observe (derived ones are recorded by the services)."""
    access.require_enrolment(actor, enrolment)
    if enrolment.is_open:
        require_participation(enrolment)
    programme = programme_of(enrolment)
    definition = programme.milestones.get(code)
    if definition is None:
        raise DomainError({"code": _("Unknown milestone for this programme model.")})
    if definition.derived:
        raise DomainError({"code": _("This milestone is recorded automatically.")})
    if enrolment.status == EnrolmentStatus.DECLINED:
        raise DomainError({"code": _("The referral was declined.")})
    _check_day(
        day,
        "day",
        not_before=enrolment.referral_date,
        before_text=_("A milestone cannot come before the referral."),
    )
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, None)
        if Milestone.objects.filter(enrolment=enrolment, code=code).exists():
            raise DomainError({"code": _("This milestone is already recorded.")})
        milestone = Milestone.objects.create(
            enrolment=enrolment, code=code, occurred_on=day, note=note, recorded_by=actor
        )
        _event(actor, enrolment, EventKind.MILESTONE, day, note=code)
        record(
            AuditEvent.MILESTONE_RECORDED,
            actor=actor,
            obj=milestone,
            participant_id=enrolment.participant_id,
            changes={"code": code, "occurred_on": day.isoformat()},
        )
    return milestone


def follow_up_anchor(enrolment: Enrolment, follow_up: FollowUpDefinition) -> datetime.date | None:
    """The day a follow-up counts from: the exit, or the milestone the model names."""
    if follow_up.after == "exit":
        return enrolment.end_date if enrolment.status == EnrolmentStatus.EXITED else None
    return (
        Milestone.objects.filter(enrolment=enrolment, code=follow_up.after)
        .values_list("occurred_on", flat=True)
        .first()
    )


def record_follow_up(
    *,
    actor: Any,
    enrolment: Enrolment,
    code: str,
    status: str,
    day: datetime.date,
    note: str = "",
) -> FollowUp:
    """Record the status observed at one of the model's follow-up points (e.g. six months after
    the end); the follow-up's milestone, where the model names one, is recorded with it."""
    access.require_enrolment(actor, enrolment)
    definition = programme_of(enrolment).follow_ups.get(code)
    if definition is None:
        raise DomainError({"code": _("Unknown follow-up for this programme model.")})
    if status not in definition.statuses:
        raise DomainError({"status": _("Choose one of the statuses of this follow-up.")})
    anchor = follow_up_anchor(enrolment, definition)
    if anchor is None:
        raise DomainError({"code": _("The follow-up counts from a date that is not recorded yet.")})
    _check_day(
        day,
        "day",
        not_before=anchor,
        before_text=_("The status cannot be observed before the date the follow-up counts from."),
    )
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, None)
        if FollowUp.objects.filter(enrolment=enrolment, code=code).exists():
            raise DomainError({"code": _("This follow-up is already recorded.")})
        follow_up = FollowUp.objects.create(
            enrolment=enrolment,
            code=code,
            status=status,
            observed_on=day,
            note=note,
            recorded_by=actor,
        )
        if definition.milestone:
            note_milestone(actor, enrolment, definition.milestone, day)
        record(
            AuditEvent.FOLLOW_UP_RECORDED,
            actor=actor,
            obj=follow_up,
            participant_id=enrolment.participant_id,
            changes={"code": code, "status": status, "observed_on": day.isoformat()},
        )
    return follow_up


def _end_responsibilities(enrolment: Enrolment, day: datetime.date) -> None:
    Responsibility.objects.filter(enrolment=enrolment, ends_on__isnull=True).update(ends_on=day)


def hand_over(
    *,
    actor: Any,
    enrolment: Enrolment,
    to_staff: Any,
    day: datetime.date,
    share: bool = False,
    note: str = "",
) -> Enrolment:
    """Give the enrolment to another staff member of the unit, or (``share``) add one beside."""
    access.require_enrolment(actor, enrolment)
    _require_status(enrolment, OPEN_STATUSES)
    _check_day(day, "day", not_before=enrolment.referral_date)
    if not _may_be_responsible(to_staff, enrolment.unit, day):
        raise DomainError({"to_staff": _("Choose a coach or team leader of the enrolment's unit.")})
    current = Responsibility.objects.filter(enrolment=enrolment, ends_on__isnull=True)
    if current.filter(staff=to_staff).exists():
        raise DomainError({"to_staff": _("This staff member is already responsible.")})
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, "to_staff")
        if current.filter(staff=to_staff).exists():  # shared with them a moment ago
            raise DomainError({"to_staff": _("This staff member is already responsible.")})
        before = snapshot(enrolment, ENROLMENT_AUDITED_FIELDS)
        if not share:
            current.update(ends_on=day)
            enrolment.responsible_staff = to_staff
        elif enrolment.responsible_staff is None:
            enrolment.responsible_staff = to_staff
        Responsibility.objects.create(enrolment=enrolment, staff=to_staff, starts_on=day)
        _event(
            actor,
            enrolment,
            EventKind.SHARED if share else EventKind.HANDED_OVER,
            day,
            staff=to_staff,
            note=note,
        )
        _audited_change(actor, enrolment, before, ["responsible_staff"])
    return enrolment


def save_unit_programme(
    *,
    actor: Any,
    unit: Unit,
    programme_code: str,
    deadline_days: dict[str, int],
    places: int | None = None,
    settings: dict[str, Any] | None = None,
) -> UnitProgramme:
    """Let a unit run a programme model, with its own deadline days where they differ and its
    choices of the model's unit settings (a choice may come as text, as from a form)."""
    access.require(actor, access.Action.ADMINISTER)
    programme = registry().get(programme_code)
    if programme is None:
        raise DomainError({"programme_code": _("Choose one of the programme models.")})
    errors = {}
    for code, days in deadline_days.items():
        if code not in programme.deadlines:
            errors[f"deadline_days.{code}"] = _("Unknown deadline for this programme model.")
        elif not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 3650:
            errors[f"deadline_days.{code}"] = _("Enter a number of days between 0 and 3650.")
    if places is not None and not 0 <= places <= 100000:
        errors["places"] = _("Enter a number of places between 0 and 100000.")
    chosen = {}
    for code, value in (settings or {}).items():
        setting = programme.unit_settings.get(code)
        match = (
            next((c for c in setting.choices if str(c) == str(value)), None) if setting else None
        )
        if match is None:
            errors[f"settings.{code}"] = _("Choose one of the setting's choices.")
        else:
            chosen[code] = match
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        unit_programme, _created = UnitProgramme.objects.get_or_create(
            unit=unit, programme_code=programme_code
        )
        before = {
            "deadline_days": unit_programme.deadline_days,
            "places": unit_programme.places,
            "settings": unit_programme.settings,
        }
        unit_programme.deadline_days = deadline_days
        unit_programme.places = places
        if settings is not None:
            unit_programme.settings = chosen
        unit_programme.save(update_fields=["deadline_days", "places", "settings"])
        record(
            AuditEvent.UNIT_PROGRAMME_SAVED,
            actor=actor,
            obj=unit_programme,
            changes=diff(
                before,
                {
                    "deadline_days": deadline_days,
                    "places": places,
                    "settings": unit_programme.settings,
                },
                hide_values=False,
            ),
        )
    return unit_programme


def tick_checklist_item(
    *, actor: Any, enrolment: Enrolment, item_code: str, day: datetime.date
) -> ChecklistEntry:
    """Record that an expected piece of work of the model was done (once per enrolment)."""
    access.require_enrolment(actor, enrolment)
    require_participation(enrolment)
    programme = programme_of(enrolment)
    known = {item.code for phase in programme.phases.values() for item in phase.checklist}
    if item_code not in known:
        raise DomainError({"item_code": _("Unknown checklist item for this programme model.")})
    _check_day(
        day,
        "day",
        not_before=enrolment.referral_date,
        before_text=_("A milestone cannot come before the referral."),
    )
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, None)
        if ChecklistEntry.objects.filter(enrolment=enrolment, item_code=item_code).exists():
            raise DomainError({"item_code": _("This milestone is already recorded.")})
        entry = ChecklistEntry.objects.create(
            enrolment=enrolment, item_code=item_code, done_on=day, recorded_by=actor
        )
        record(
            AuditEvent.MILESTONE_RECORDED,
            actor=actor,
            obj=entry,
            participant_id=enrolment.participant_id,
            changes={"checklist": item_code, "done_on": day.isoformat()},
        )
    return entry


BENEFIT_AUDITED_FIELDS = ("benefit_type", "extent", "ends_on", "sgi_checked_on")


def record_benefit_facts(
    *,
    actor: Any,
    enrolment: Enrolment,
    benefit_type: str,
    extent: str,
    ends_on: datetime.date,
    sgi_checked_on: datetime.date | None = None,
) -> BenefitFacts:
    """Record (or correct) the participant's benefit and the day its days run out, from which
    the model's timeline counts."""
    access.require_enrolment(actor, enrolment)
    programme = programme_of(enrolment)
    errors: dict[str, str] = {}
    if not programme.records_benefits:
        errors["benefit_type"] = _("This programme model does not count from a benefit.")
    if benefit_type not in BenefitType.values:
        errors["benefit_type"] = _("Choose the benefit.")
    if extent not in BenefitExtent.values:
        errors["extent"] = _("Choose the extent.")
    if ends_on < enrolment.referral_date - datetime.timedelta(days=366):
        errors["ends_on"] = _("The benefit days ran out more than a year before the referral.")
    if sgi_checked_on is not None and sgi_checked_on > timezone.localdate():
        errors["sgi_checked_on"] = _("The date cannot be in the future.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, None)
        facts = BenefitFacts.objects.filter(enrolment=enrolment).first() or BenefitFacts(
            enrolment=enrolment
        )
        before = snapshot(facts, BENEFIT_AUDITED_FIELDS) if facts.pk else {}
        facts.benefit_type, facts.extent, facts.ends_on = benefit_type, extent, ends_on
        facts.sgi_checked_on, facts.recorded_by = sgi_checked_on, actor
        facts.save()
        record(
            AuditEvent.BENEFIT_FACTS_SAVED,
            actor=actor,
            obj=facts,
            participant_id=enrolment.participant_id,
            changes=diff(before, snapshot(facts, BENEFIT_AUDITED_FIELDS), hide_values=False),
        )
    return facts
