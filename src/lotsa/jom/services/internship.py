"""Writes of a JOM participant's internship: the agreement guide and its signatures, the
readiness decision, the internship, its follow-ups and attendance, mentor and transport support.

Who may write is decided by the organisation model of the participant's course (agreements,
follow-up, mentoring); each write marks the programme's checklist item or milestone it stands
for inside its own transaction."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, fields
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.cohorts.models import AttendanceStatus
from lotsa.core.choices import foreign_agency_errors
from lotsa.employment.models import ContactPerson, Employer
from lotsa.errors import DomainError, check_version
from lotsa.jom import codes
from lotsa.jom.models import CourseTask
from lotsa.jom.models.internship import (
    MOST_POSTPONED_WEEKS,
    SECTION_CODES,
    Internship,
    InternshipAgreement,
    InternshipAttendance,
    InternshipFollowUp,
    InternshipKind,
    MentorNeed,
    MentorProvider,
    MentorSupport,
    MentorSupportKind,
    PassKind,
    Readiness,
    ReadinessDecision,
    TransportSupport,
)
from lotsa.organisations.models import Membership
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.enrolment_records import note_checklist_item, note_milestone

DAYS = datetime.timedelta


def _not_in_future(day: datetime.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise DomainError({field: _("This date is in the future.")})


# ------------------------------------------------------------------ the agreement guide


@dataclass(frozen=True)
class AgreementText:
    """The participant's words in the agreement guide, one field per section."""

    purpose: str = ""
    terms: str = ""
    support_needs: str = ""
    network_support: str = ""
    support_when: str = ""
    warning_signs: str = ""
    crisis_support: str = ""
    wished_place: str = ""
    wished_company: str = ""
    company_may_know: str = ""


AGREEMENT_FIELDS = tuple(field.name for field in fields(AgreementText))


def latest_agreement(enrolment: Enrolment) -> InternshipAgreement | None:
    return InternshipAgreement.objects.filter(enrolment=enrolment).order_by("-version").first()


def _check_agreement(
    text: AgreementText, shared_sections: list[str], consent_given_on: datetime.date | None
) -> None:
    errors: dict[str, str] = {}
    if unknown := set(shared_sections) - set(SECTION_CODES):
        errors["shared_sections"] = _("Unknown part: %(codes)s.") % {
            "codes": ", ".join(sorted(unknown))
        }
    empty = [code for code in shared_sections if not getattr(text, code, "").strip()]
    if empty and "shared_sections" not in errors:
        errors["shared_sections"] = _("A part the company may see must be written first.")
    if shared_sections and consent_given_on is None:
        errors["consent_given_on"] = _(
            "Record the date the participant consented to sharing these parts with the company."
        )
    if consent_given_on is not None and consent_given_on > timezone.localdate():
        errors["consent_given_on"] = _("This date is in the future.")
    if not any(getattr(text, name).strip() for name in AGREEMENT_FIELDS):
        errors["purpose"] = _("Write at least the purpose of the internship.")
    if errors:
        raise DomainError(errors)


def save_agreement(
    *,
    actor: Actor,
    enrolment: Enrolment,
    text: AgreementText,
    shared_sections: list[str],
    consent_given_on: datetime.date | None,
    employer: Employer | None = None,
) -> InternshipAgreement:
    """Write the agreement guide: the latest version is corrected while nobody has signed it;
    after a signature the change is a new version, which nobody has signed yet."""
    access.require_case_task(actor, enrolment, CourseTask.INTERNSHIP_AGREEMENTS)
    shared = [code for code in SECTION_CODES if code in set(shared_sections)]
    _check_agreement(text, list(shared_sections), consent_given_on)
    with transaction.atomic(durable=True):
        current = (
            InternshipAgreement.objects.select_for_update()
            .filter(enrolment=enrolment)
            .order_by("-version")
            .first()
        )
        if current is None or current.signed_by_anyone:
            agreement = InternshipAgreement(
                enrolment=enrolment, version=(current.version + 1) if current else 1
            )
        else:
            agreement = current
        for name, value in asdict(text).items():
            setattr(agreement, name, value.strip())
        agreement.shared_sections = shared
        agreement.consent_given_on = consent_given_on
        agreement.employer = employer
        agreement.written_by = actor
        agreement.save()
        note_checklist_item(enrolment, codes.AGREEMENT_GUIDE, timezone.localdate())
        record(
            AuditEvent.AGREEMENT_SAVED,
            actor=actor,
            obj=agreement,
            participant_id=enrolment.participant_id,
            changes={"version": agreement.version, "shared_sections": shared},
        )
    return agreement


class Signer:
    COMPANY = "company"
    JOBCENTRE = "jobcentre"
    PARTICIPANT_ON_PAPER = "participant_on_paper"


SIGNERS = (Signer.COMPANY, Signer.JOBCENTRE, Signer.PARTICIPANT_ON_PAPER)


def note_if_signed_by_all(actor: Actor, agreement: InternshipAgreement) -> None:
    """The third signature makes the agreement: the milestone and the tick, inside the caller's
    transaction (also the participant's own signature in their space)."""
    if not agreement.locked:
        return
    days = [
        day
        for day in (
            agreement.participant_signed_on,
            agreement.company_signed_on,
            agreement.jobcentre_signed_on,
        )
        if day is not None
    ]
    note_milestone(actor, agreement.enrolment, codes.INTERNSHIP_AGREEMENT, max(days))
    note_checklist_item(agreement.enrolment, codes.INTERNSHIP_AGREEMENT_ITEM, max(days))


def _jobcentre_staff(actor: Actor, enrolment: Enrolment) -> bool:
    return (
        Membership.objects.active_on(timezone.localdate())
        .filter(
            user_id=actor.pk,
            unit_id=enrolment.unit_id,
            employer_id=enrolment.unit.organisation_id,
        )
        .exists()
    )


def record_agreement_signature(
    *,
    actor: Actor,
    agreement: InternshipAgreement,
    signer: str,
    day: datetime.date,
    signatory: ContactPerson | None = None,
) -> InternshipAgreement:
    """Record the company's or the jobcentre's signature (or the participant's on paper) on the
    latest version. The company signs through a contact person of the agreement's company; the
    jobcentre through one of its own staff."""
    enrolment = agreement.enrolment
    access.require_case_task(actor, enrolment, CourseTask.INTERNSHIP_AGREEMENTS)
    if signer not in SIGNERS:
        raise DomainError({"signer": _("Choose who signed.")})
    _not_in_future(day, "day")
    if signer == Signer.COMPANY:
        if agreement.employer_id is None:
            raise DomainError({"signatory": _("Name the company in the agreement first.")})
        if signatory is None or signatory.employer_id != agreement.employer_id:
            raise DomainError(
                {"signatory": _("Choose a contact person of the company of the agreement.")}
            )
    if signer == Signer.JOBCENTRE and not _jobcentre_staff(actor, enrolment):
        raise DomainError({"signer": _("Only the jobcentre's own staff sign for the jobcentre.")})
    with transaction.atomic(durable=True):
        current = (
            InternshipAgreement.objects.select_for_update()
            .filter(enrolment_id=agreement.enrolment_id)
            .order_by("-version")
            .first()
        )
        if current is None or current.pk != agreement.pk:
            raise DomainError({"signer": _("A newer version exists: sign that one.")})
        current.enrolment = enrolment
        field = {
            Signer.COMPANY: "company_signed_on",
            Signer.JOBCENTRE: "jobcentre_signed_on",
            Signer.PARTICIPANT_ON_PAPER: "participant_signed_on",
        }[signer]
        if getattr(current, field) is not None:
            raise DomainError({"signer": _("This signature is recorded already.")})
        setattr(current, field, day)
        if signer == Signer.COMPANY:
            current.company_signatory = signatory
        elif signer == Signer.JOBCENTRE:
            current.jobcentre_signed_by = actor
        else:
            current.participant_signature_recorded_by = actor
        current.save()
        note_if_signed_by_all(actor, current)
        record(
            AuditEvent.AGREEMENT_SIGNED,
            actor=actor,
            obj=current,
            participant_id=enrolment.participant_id,
            changes={"signer": signer, "day": day.isoformat(), "version": current.version},
        )
    return current


# ------------------------------------------------------------------ readiness and internship


def decide_readiness(
    *,
    actor: Actor,
    enrolment: Enrolment,
    decided_on: datetime.date,
    decision: str,
    postponed_weeks: int = 0,
    reason: str = "",
) -> ReadinessDecision:
    """Whether the participant starts the internship in full, with fewer hours, with taster
    days, or one or two weeks later."""
    access.require_case_task(actor, enrolment, CourseTask.INTERNSHIP_AGREEMENTS)
    errors: dict[str, str] = {}
    if decision not in Readiness.values:
        errors["decision"] = _("Choose a decision.")
    if decision == Readiness.POSTPONED and not 1 <= postponed_weeks <= MOST_POSTPONED_WEEKS:
        errors["postponed_weeks"] = _("An internship is postponed by one or two weeks.")
    if decision != Readiness.POSTPONED and postponed_weeks:
        errors["postponed_weeks"] = _("Only a postponed internship has weeks of postponement.")
    if decision != Readiness.FULL and not reason.strip():
        errors["reason"] = _("Give the reason for this decision.")
    if errors:
        raise DomainError(errors)
    _not_in_future(decided_on, "decided_on")
    with transaction.atomic(durable=True):
        decided = ReadinessDecision.objects.create(
            enrolment=enrolment,
            decided_on=decided_on,
            decision=decision,
            postponed_weeks=postponed_weeks,
            reason=reason.strip(),
            decided_by=actor,
        )
        note_checklist_item(enrolment, codes.INTERNSHIP_READINESS, decided_on)
        record(
            AuditEvent.READINESS_DECIDED,
            actor=actor,
            obj=decided,
            participant_id=enrolment.participant_id,
            changes={"decision": decision, "postponed_weeks": postponed_weeks},
        )
    return decided


@dataclass(frozen=True)
class InternshipDetails:
    employer: Employer
    company_consultant: Actor
    planned_start_on: datetime.date
    weekly_hours: Decimal
    kind: str
    contact_person: ContactPerson | None = None
    agreement: InternshipAgreement | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    weeks: int = 12
    taster_days: int | None = None
    postponed_weeks: int = 0
    extended_until: datetime.date | None = None
    extension_reason: str = ""
    teaching_day_released: bool = False


def planned_end(details: InternshipDetails | Internship) -> datetime.date:
    """The last day of the internship as agreed: its weeks after the (postponed) start."""
    start = details.planned_start_on + DAYS(weeks=details.postponed_weeks)
    return start + DAYS(weeks=details.weeks) - DAYS(1)


def _check_internship(actor: Actor, enrolment: Enrolment, details: InternshipDetails) -> None:
    errors: dict[str, str] = {}
    if details.kind not in InternshipKind.values:
        errors["kind"] = _("Choose the kind of internship.")
    if details.kind == InternshipKind.TASTER and not details.taster_days:
        errors["taster_days"] = _("Give the number of taster days.")
    if details.kind != InternshipKind.TASTER and details.taster_days:
        errors["taster_days"] = _("Only taster days have a number of taster days.")
    if not 0 <= details.postponed_weeks <= MOST_POSTPONED_WEEKS:
        errors["postponed_weeks"] = _("An internship is postponed by one or two weeks.")
    if details.extended_until is not None:
        if details.extended_until <= planned_end(details):
            errors["extended_until"] = _(
                "An extension ends after the agreed end of the internship (%(day)s)."
            ) % {"day": planned_end(details).isoformat()}
        if not details.extension_reason.strip():
            errors["extension_reason"] = _("Give the reason for the extension.")
    elif details.extension_reason.strip():
        errors["extended_until"] = _("Give the date the internship is extended until.")
    if details.contact_person and details.contact_person.employer_id != details.employer.pk:
        errors["contact_person"] = _("Choose a contact person of this company.")
    if details.agreement and details.agreement.enrolment_id != enrolment.pk:
        errors["agreement"] = _("Choose an agreement of this participant.")
    if details.starts_on and details.ends_on and details.ends_on < details.starts_on:
        errors["ends_on"] = _("The internship ends after it starts.")
    consultant_is_member = (
        Membership.objects.active_on(timezone.localdate())
        .filter(user_id=details.company_consultant.pk, unit_id=enrolment.unit_id)
        .exists()
    )
    if not consultant_is_member:
        errors["company_consultant"] = _("Choose a member of the participant's unit.")
    if details.employer.country != enrolment.unit.organisation.country:
        errors["employer"] = _("Choose a company in the unit's country.")
    if errors:
        raise DomainError(errors)


def save_internship(
    *,
    actor: Actor,
    enrolment: Enrolment,
    details: InternshipDetails,
    internship: Internship | None = None,
    version: int | None = None,
) -> Internship:
    """Record the internship, or change it from the version the form showed. An extension
    marks the programme's milestone and its decision."""
    access.require_case_task(actor, enrolment, CourseTask.INTERNSHIP_AGREEMENTS)
    if internship is not None and internship.enrolment_id != enrolment.pk:
        raise DomainError(_("This internship belongs to another case."))
    _check_internship(actor, enrolment, details)
    with transaction.atomic(durable=True):
        if internship is None:
            saved = Internship(enrolment=enrolment)
        else:
            saved = Internship.objects.select_for_update().get(pk=internship.pk)
            check_version(version, saved.version)
            saved.version += 1
        for name, value in asdict(details).items():
            setattr(saved, name, value)
        # asdict copies the related objects; set them back as the same instances.
        saved.employer, saved.contact_person = details.employer, details.contact_person
        saved.agreement = details.agreement
        saved.company_consultant = details.company_consultant
        saved.extension_reason = details.extension_reason.strip()
        saved.save()
        if details.extended_until is not None:
            today = timezone.localdate()
            note_milestone(actor, enrolment, codes.INTERNSHIP_EXTENDED, today)
            note_checklist_item(enrolment, codes.EXTENSION_DECIDED, today)
        record(
            AuditEvent.INTERNSHIP_SAVED,
            actor=actor,
            obj=saved,
            participant_id=enrolment.participant_id,
            changes={
                "employer": details.employer.pk,
                "kind": details.kind,
                "weekly_hours": str(details.weekly_hours),
                "postponed_weeks": details.postponed_weeks,
                "extended_until": details.extended_until,
                "teaching_day_released": details.teaching_day_released,
            },
        )
    return saved


def record_internship_follow_up(
    *,
    actor: Actor,
    internship: Internship,
    occurred_on: datetime.date,
    mode: str,
    with_company: bool,
    note: str = "",
) -> InternshipFollowUp:
    """The company consultant's follow-up of the internship (with the company, or with the
    participant alone)."""
    enrolment = internship.enrolment
    access.require_case_task(actor, enrolment, CourseTask.INTERNSHIP_FOLLOW_UP)
    _not_in_future(occurred_on, "occurred_on")
    if occurred_on < internship.planned_start_on - DAYS(weeks=internship.postponed_weeks + 4):
        raise DomainError({"occurred_on": _("This date is long before the internship.")})
    with transaction.atomic(durable=True):
        follow_up = InternshipFollowUp.objects.create(
            internship=internship,
            occurred_on=occurred_on,
            staff=actor,
            mode=mode,
            with_company=with_company,
            note=note.strip(),
        )
        if with_company:
            note_checklist_item(enrolment, codes.COMPANY_FOLLOW_UP, occurred_on)
        record(
            AuditEvent.INTERNSHIP_FOLLOW_UP_RECORDED,
            actor=actor,
            obj=follow_up,
            participant_id=enrolment.participant_id,
            changes={"mode": mode, "with_company": with_company},
        )
    return follow_up


def record_internship_attendance(
    *,
    actor: Actor,
    internship: Internship,
    day: datetime.date,
    status: str,
    hours: Decimal | None = None,
    note: str = "",
) -> InternshipAttendance:
    """One internship day: one record per day, a second entry corrects the first."""
    enrolment = internship.enrolment
    access.require_case_task(actor, enrolment, CourseTask.INTERNSHIP_FOLLOW_UP)
    _not_in_future(day, "day")
    if status not in AttendanceStatus.values:
        raise DomainError({"status": _("Choose the attendance.")})
    started = internship.starts_on or internship.planned_start_on
    if day < started:
        raise DomainError({"day": _("This day is before the internship started.")})
    if hours is not None and status in (
        AttendanceStatus.ABSENT_WITH_NOTICE,
        AttendanceStatus.ABSENT_WITHOUT_NOTICE,
    ):
        raise DomainError({"hours": _("An absent day has no hours.")})
    with transaction.atomic(durable=True):
        attendance, created = InternshipAttendance.objects.update_or_create(
            internship=internship,
            day=day,
            defaults={"status": status, "hours": hours, "note": note.strip(), "recorded_by": actor},
        )
        record(
            AuditEvent.INTERNSHIP_ATTENDANCE_RECORDED,
            actor=actor,
            obj=attendance,
            participant_id=enrolment.participant_id,
            changes={"day": day.isoformat(), "status": status, "corrected": not created},
        )
    return attendance


# ------------------------------------------------------------------ mentor and transport


def save_mentor_support(
    *,
    actor: Actor,
    enrolment: Enrolment,
    assessed_on: datetime.date,
    need: str,
    support_kinds: list[str],
    mentor: Actor | None = None,
    mentor_name: str = "",
    provider_type: str = "",
    knows_citizen: bool = False,
    hours_per_week: Decimal | None = None,
    from_on: datetime.date | None = None,
    to_on: datetime.date | None = None,
) -> MentorSupport:
    """The assessed need for a mentor, and the mentor assigned (a member of staff or someone
    named), by the party the organisation model gives mentoring."""
    access.require_case_task(actor, enrolment, CourseTask.MENTORING)
    _not_in_future(assessed_on, "assessed_on")
    errors: dict[str, str] = dict(
        foreign_agency_errors(enrolment.unit.organisation.country, provider_type=provider_type)
    )
    if need not in MentorNeed.values:
        errors["need"] = _("Choose the need.")
    if set(support_kinds) - set(MentorSupportKind.values):
        errors["support_kinds"] = _("Choose among the kinds of support.")
    if provider_type and provider_type not in MentorProvider.values:
        errors["provider_type"] = _("Choose who provides the mentor.")
    assigned = mentor is not None or bool(mentor_name.strip())
    if need == MentorNeed.NONE and (assigned or support_kinds):
        errors["need"] = _("A mentor is assigned only when there is a need.")
    if assigned and not provider_type:
        errors["provider_type"] = _("Choose who provides the mentor.")
    if mentor is not None and mentor_name.strip():
        errors["mentor_name"] = _("Choose a member of staff or write a name, not both.")
    if from_on and to_on and to_on < from_on:
        errors["to_on"] = _("The support ends after it starts.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        support = MentorSupport.objects.create(
            enrolment=enrolment,
            assessed_on=assessed_on,
            need=need,
            support_kinds=[kind for kind in MentorSupportKind.values if kind in support_kinds],
            mentor=mentor,
            mentor_name=mentor_name.strip(),
            provider_type=provider_type,
            knows_citizen=knows_citizen,
            hours_per_week=hours_per_week,
            from_on=from_on,
            to_on=to_on,
            recorded_by=actor,
        )
        note_checklist_item(enrolment, codes.MENTOR_NEED_ASSESSED, assessed_on)
        record(
            AuditEvent.MENTOR_SUPPORT_SAVED,
            actor=actor,
            obj=support,
            participant_id=enrolment.participant_id,
            changes={"need": need, "provider_type": provider_type, "assigned": assigned},
        )
    return support


def save_transport_support(
    *,
    actor: Actor,
    enrolment: Enrolment,
    decided_on: datetime.date,
    costs_covered: bool,
    pass_kind: str,
    pass_from: datetime.date | None = None,
    pass_to: datetime.date | None = None,
    travel_training: bool = False,
    mentor_escort: bool = False,
    note: str = "",
) -> TransportSupport:
    """How the participant gets to the course and the internship: costs, pass, training."""
    access.require_enrolment(actor, enrolment)
    _not_in_future(decided_on, "decided_on")
    errors: dict[str, str] = {}
    if pass_kind not in PassKind.values:
        errors["pass_kind"] = _("Choose the pass.")
    if pass_kind == PassKind.NONE and (pass_from or pass_to):
        errors["pass_from"] = _("Without a pass there are no dates of a pass.")
    if pass_kind != PassKind.NONE and pass_kind in PassKind.values and pass_from is None:
        errors["pass_from"] = _("Give the date the pass is valid from.")
    if pass_from and pass_to and pass_to < pass_from:
        errors["pass_to"] = _("The pass ends after it starts.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        support = TransportSupport.objects.create(
            enrolment=enrolment,
            decided_on=decided_on,
            costs_covered=costs_covered,
            pass_kind=pass_kind,
            pass_from=pass_from,
            pass_to=pass_to,
            travel_training=travel_training,
            mentor_escort=mentor_escort,
            note=note.strip(),
            recorded_by=actor,
        )
        note_checklist_item(enrolment, codes.TRANSPORT_ARRANGED, decided_on)
        record(
            AuditEvent.TRANSPORT_SUPPORT_SAVED,
            actor=actor,
            obj=support,
            participant_id=enrolment.participant_id,
            changes={"pass_kind": pass_kind, "costs_covered": costs_covered},
        )
    return support
