"""Sending, answering and withdrawing referrals; recording the handover at a case's end.

Every function checks access first (so a refusal stays in the audit trail), then changes the
referral and writes its audit entry in one transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core.choices import agencies_foreign_to, foreign_agency_errors
from lotsa.errors import DomainError
from lotsa.organisations.models import Organisation, Unit
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment, EnrolmentStatus, ReferralSource, UnitProgramme
from lotsa.pathways.services.enrolment_changes import programme_of
from lotsa.pathways.services.lifecycle import create_enrolment
from lotsa.people.models import Consent, ConsentKind, Participant, SharingScope
from lotsa.people.services import ParticipantDetails, check_details, participant_described
from lotsa.referrals.models import ExitHandover, Referral, ReferralStatus

TEXT_LIMITS = {"stated_needs": 4000, "requested_service": 2000, "handover_summary": 8000}

# Where a referral comes from, as the enrolment records it, by the sender's kind of organisation.
SOURCE_OF_KIND: dict[str, ReferralSource] = {
    Organisation.Kind.FORSAKRINGSKASSAN: ReferralSource.FK,
    Organisation.Kind.ARBETSFORMEDLINGEN: ReferralSource.AF,
    Organisation.Kind.REGION: ReferralSource.TREATMENT_TEAM,
    Organisation.Kind.MUNICIPALITY: ReferralSource.SOCIAL_SERVICES,
    Organisation.Kind.JOBCENTRE: ReferralSource.JOBCENTRE,
}


def receiving_unit(unit_id: object) -> Unit:
    """A unit that takes referrals (any active unit of any organisation: the directory of
    units is public)."""
    key = str(unit_id)
    unit = (
        Unit.objects.select_related("organisation").filter(pk=int(key), is_active=True).first()
        if key.isdigit()
        else None
    )
    if unit is None:
        raise DomainError({"to_unit": _("Choose one of the units that take referrals.")})
    return unit


def send_referral(
    *,
    actor: Actor,
    from_unit: Unit,
    to_unit: Unit,
    programme_model: str,
    stated_needs: str,
    requested_service: str,
    consent_given_on: datetime.date,
    shared_with_receiver: str,
    handover_summary: str = "",
    report_back: str = "",
    participant: Participant | None = None,
    person: ParticipantDetails | None = None,
    sent_on: datetime.date | None = None,
) -> Referral:
    """Refer a person from one of the actor's units to a programme model at another unit:
    one the actor works with already (``participant``), or one described (``person``), whom the
    receiving unit will find or register when it accepts."""
    access.require(actor, access.Action.REGISTER_PARTICIPANT, from_unit)
    if participant is not None:
        access.require(actor, access.Action.CHANGE_PARTICIPANT, participant)
    sent_on = sent_on or timezone.localdate()
    errors: dict[str, str] = {}
    programme = registry().get(programme_model)
    if to_unit.pk == from_unit.pk:
        errors["to_unit"] = _("Choose another unit than your own.")
    elif not to_unit.is_active:
        errors["to_unit"] = _("This unit no longer takes referrals.")
    elif (
        programme is None
        or not UnitProgramme.objects.filter(unit=to_unit, programme_code=programme_model).exists()
    ):
        errors["programme_model"] = _("The receiving unit does not run this programme model.")
    texts = {
        "stated_needs": stated_needs,
        "requested_service": requested_service,
        "handover_summary": handover_summary,
    }
    for field, text in texts.items():
        if len(text) > TEXT_LIMITS[field]:
            errors[field] = _("Use at most %(limit)s characters.") % {"limit": TEXT_LIMITS[field]}
    if not stated_needs.strip():
        errors["stated_needs"] = _("Describe what the person needs.")
    if not requested_service.strip():
        errors["requested_service"] = _("Say what you ask the receiving unit for.")
    if sent_on > timezone.localdate():
        errors["sent_on"] = _("A referral cannot be sent in the future.")
    if consent_given_on > sent_on:
        errors["consent_given_on"] = _(
            "The participant's consent must be given before the referral is sent."
        )
    if shared_with_receiver not in SharingScope.values:
        errors["shared_with_receiver"] = _("Choose what your organisation may share.")
    if report_back and report_back not in SharingScope.values:
        errors["report_back"] = _("Choose what the receiving organisation may report back.")
    described: dict[str, Any] = {}
    if participant is None:
        if person is None:
            errors["person"] = _("Describe the person referred.")
        else:
            try:
                # Stored as typed: lazily translated labels become their text.
                described = {
                    name: str(value) if isinstance(value, Promise) else value
                    for name, value in asdict(check_details(person)).items()
                }
            except DomainError as error:
                errors.update({name: " ".join(text) for name, text in error.errors.items()})
    elif Referral.objects.filter(
        participant=participant,
        to_unit=to_unit,
        programme_model=programme_model,
        status=ReferralStatus.SENT,
    ).exists():
        errors["to_unit"] = _("This person's referral to the unit awaits an answer already.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        referral = Referral.objects.create(
            from_unit=from_unit,
            referred_by=actor,
            to_unit=to_unit,
            programme_model=programme_model,
            participant=participant,
            person=described,
            stated_needs=stated_needs.strip(),
            requested_service=requested_service.strip(),
            handover_summary=handover_summary.strip(),
            consent_given_on=consent_given_on,
            shared_with_receiver=shared_with_receiver,
            report_back=report_back,
            sent_on=sent_on,
        )
        record(
            AuditEvent.REFERRAL_SENT,
            actor=actor,
            obj=referral,
            participant_id=participant.pk if participant else None,
            changes={
                "from_unit": from_unit.pk,
                "to_unit": to_unit.pk,
                "programme_model": programme_model,
                "report_back": report_back,
            },
        )
    return referral


def _require_receiver(actor: Actor, referral: Referral) -> None:
    if referral.to_unit_id not in access.unit_ids_for(actor, access.Action.REGISTER_PARTICIPANT):
        access.refuse(
            actor,
            "referral.answer",
            object_type="referrals.referral",
            object_id=referral.pk,
            participant_id=referral.participant_id,
        )


def _require_open(referral: Referral) -> None:
    if referral.status != ReferralStatus.SENT:
        raise DomainError(
            _("The referral is %(status)s already.")
            % {"status": referral.get_status_display().lower()}
        )


def _answer_day(referral: Referral, day: datetime.date) -> None:
    if day > timezone.localdate():
        raise DomainError({"day": _("The date cannot be in the future.")})
    if day < referral.sent_on:
        raise DomainError({"day": _("The answer cannot be dated before the referral was sent.")})


def accept_referral(*, actor: Actor, referral: Referral, day: datetime.date) -> Enrolment:
    """Take the person in: find or register them, enrol them at the receiving unit (as referred),
    and record the consents that travelled with the referral."""
    _require_receiver(actor, referral)
    _require_open(referral)
    _answer_day(referral, day)
    with transaction.atomic(durable=True):
        participant = referral.participant or participant_described(
            actor=actor, details=ParticipantDetails(**referral.person)
        )
        enrolment = create_enrolment(
            actor=actor,
            participant=participant,
            unit=referral.to_unit,
            programme_model=referral.programme_model,
            referral_date=referral.sent_on,
            referral_source=_source_of(referral),
            referrer=f"{referral.referred_by.get_full_name()}, {referral.from_unit.name}"[:200],
        )
        sender, receiver = referral.from_unit.organisation, referral.to_unit.organisation
        travelling = [(receiver, sender, referral.report_back)]
        if sender != receiver:
            # Within one organisation the referral itself is what the sender shares; a consent
            # would open all the organisation's records of the person to all its units.
            travelling.insert(0, (sender, receiver, referral.shared_with_receiver))
        for given_to, shared_with, scope in travelling:
            if scope:
                Consent.objects.create(
                    participant=participant,
                    kind=ConsentKind.INFORMATION_SHARING,
                    given_to=given_to,
                    organisation=shared_with,
                    sharing_scope=scope,
                    given_on=referral.consent_given_on,
                    scope=_("With the referral from %(unit)s") % {"unit": referral.from_unit.name},
                    recorded_by=referral.referred_by,
                )
        referral.participant, referral.enrolment = participant, enrolment
        referral.status, referral.decided_on, referral.decided_by = (
            ReferralStatus.ACCEPTED,
            day,
            actor,
        )
        referral.save(
            update_fields=["participant", "enrolment", "status", "decided_on", "decided_by"]
        )
        record(
            AuditEvent.REFERRAL_ACCEPTED,
            actor=actor,
            obj=referral,
            participant_id=participant.pk,
            changes={"enrolment": enrolment.pk, "day": day.isoformat()},
        )
    return enrolment


def decline_referral(
    *, actor: Actor, referral: Referral, day: datetime.date, reason: str, note: str = ""
) -> Referral:
    """Say no, with one of the programme model's reasons for declining (and a note for
    'other'); the sender sees the reason."""
    _require_receiver(actor, referral)
    _require_open(referral)
    _answer_day(referral, day)
    programme = registry().get(referral.programme_model)
    if programme is None or (reason not in programme.decline_reasons and reason != "other"):
        raise DomainError({"reason": _("Choose the reason the referral is declined.")})
    if reason == "other" and not note.strip():
        raise DomainError({"note": _("Describe the reason.")})
    return _close(
        actor, referral, ReferralStatus.DECLINED, day, note, AuditEvent.REFERRAL_DECLINED, reason
    )


def withdraw_referral(
    *, actor: Actor, referral: Referral, day: datetime.date, note: str = ""
) -> Referral:
    """The sender takes back a referral that has not been answered."""
    if referral.from_unit_id not in access.unit_ids_for(actor, access.Action.REGISTER_PARTICIPANT):
        access.refuse(
            actor,
            "referral.withdraw",
            object_type="referrals.referral",
            object_id=referral.pk,
            participant_id=referral.participant_id,
        )
    _require_open(referral)
    _answer_day(referral, day)
    return _close(
        actor, referral, ReferralStatus.WITHDRAWN, day, note, AuditEvent.REFERRAL_WITHDRAWN
    )


def _close(
    actor: Actor,
    referral: Referral,
    status: str,
    day: datetime.date,
    note: str,
    event: AuditEvent,
    reason: str = "",
) -> Referral:
    if len(note) > 2000:
        raise DomainError({"note": _("Use at most %(limit)s characters.") % {"limit": 2000}})
    with transaction.atomic(durable=True):
        referral.status, referral.decided_on, referral.decided_by = status, day, actor
        referral.decline_reason, referral.answer_note = reason, note.strip()
        referral.save(
            update_fields=["status", "decided_on", "decided_by", "decline_reason", "answer_note"]
        )
        record(
            event,
            actor=actor,
            obj=referral,
            participant_id=referral.participant_id,
            changes={"day": day.isoformat(), "reason": reason},
        )
    return referral


def _source_of(referral: Referral) -> str:
    """Who referred, as the receiving unit records it: the kind of the sending organisation,
    or "other" for an agency that does not work in the receiving unit's country."""
    source = SOURCE_OF_KIND.get(referral.from_unit.organisation.kind, ReferralSource.OTHER)
    foreign = agencies_foreign_to([referral.to_unit.organisation.country])
    return ReferralSource.OTHER if source in foreign else source


def record_exit_handover(
    *,
    actor: Actor,
    enrolment: Enrolment,
    to_organisation: Organisation,
    to_caseworker: str,
    day: datetime.date,
    summary: str,
) -> ExitHandover:
    """Record who took over the person when the case ended, and what they were given."""
    access.require_enrolment(actor, enrolment)
    programme_of(enrolment)
    errors: dict[str, str] = {}
    if enrolment.status != EnrolmentStatus.EXITED:
        errors["day"] = _("Record the handover when the enrolment has ended.")
    # An ended enrolment has its end date (EXITED is set together with it).
    elif enrolment.end_date is None or not enrolment.end_date <= day <= timezone.localdate():
        errors["day"] = _("The handover is dated between the end and today.")
    if not to_caseworker.strip():
        errors["to_caseworker"] = _("Name the new responsible caseworker.")
    if not summary.strip():
        errors["summary"] = _("Say what was handed over.")
    for field, value, limit in (("to_caseworker", to_caseworker, 200), ("summary", summary, 4000)):
        if len(value) > limit:
            errors[field] = _("Use at most %(limit)s characters.") % {"limit": limit}
    if ExitHandover.objects.filter(enrolment=enrolment).exists():
        errors["day"] = _("The handover is recorded already.")
    errors |= foreign_agency_errors(
        enrolment.unit.organisation.country, to_organisation=to_organisation.kind
    )
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        handover = ExitHandover.objects.create(
            enrolment=enrolment,
            to_organisation=to_organisation,
            to_caseworker=to_caseworker.strip(),
            handed_over_on=day,
            summary=summary.strip(),
            recorded_by=actor,
        )
        record(
            AuditEvent.EXIT_HANDOVER_RECORDED,
            actor=actor,
            obj=handover,
            participant_id=enrolment.participant_id,
            changes={"to_organisation": to_organisation.pk, "day": day.isoformat()},
        )
    return handover
