"""Recording contacts and meetings and revising goals and plans."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.casework.models import (
    CONTACT_PARTY,
    PARTY_FIELDS,
    AttendeeParty,
    Capacity,
    Contact,
    ContactMode,
    ContactOutcome,
    ContactPlace,
    Meeting,
    MeetingAttendee,
    MeetingReflection,
    PlanItem,
    PlanItemStatus,
    PlanRevision,
    SubGoal,
)
from lotsa.core.choices import foreign_agency_errors
from lotsa.dates import implausible
from lotsa.employment.models import Job
from lotsa.errors import DomainError, check_version, validate_model
from lotsa.pathways.models import Enrolment, EnrolmentStatus
from lotsa.pathways.services.enrolment_changes import (
    lock_enrolment,
    programme_of,
    require_participation,
)
from lotsa.pathways.services.enrolment_records import derive_milestone, note_milestone

MAX_DURATION_MINUTES = 24 * 60


def record_contact(
    *,
    actor: Actor,
    enrolment: Enrolment,
    occurred_at: datetime.datetime,
    mode: str,
    place: str,
    parties: list[str],
    duration_minutes: int = 0,
    note: str = "",
    job: Job | None = None,
    outcome: str = "held",
) -> Contact:
    """Log one contact. The first contact with the participant sets the derived milestone."""
    access.require_enrolment(actor, enrolment)
    require_participation(enrolment)
    contact = _contact(
        actor,
        enrolment,
        ContactInput(occurred_at, mode, place, parties, duration_minutes, note, job, outcome),
    )
    with transaction.atomic(durable=True):
        _store_contact(actor, enrolment, contact)
        _record_contact_created(actor, enrolment, contact)
    return contact


@dataclass(frozen=True)
class ContactInput:
    """One contact of several recorded together (``record_contacts``)."""

    occurred_at: datetime.datetime
    mode: str
    place: str
    parties: list[str]
    duration_minutes: int = 0
    note: str = ""
    job: Job | None = None
    outcome: str = ContactOutcome.HELD


def record_contacts(
    *, actor: Actor, enrolment: Enrolment, contacts: list[ContactInput]
) -> list[Contact]:
    """Several contacts of one case at once (a case's history, brought in together): each is
    checked and audited as ``record_contact`` does it, in one transaction, the contacts written
    in one statement and the first-contact milestone derived once, from the earliest."""
    access.require_enrolment(actor, enrolment)
    require_participation(enrolment)
    checked = [_contact(actor, enrolment, item) for item in contacts]
    with transaction.atomic(durable=True):
        saved = Contact.objects.bulk_create(checked)
        held = [
            c.occurred_on for c in saved if c.with_participant and c.outcome == ContactOutcome.HELD
        ]
        if held:
            derive_milestone(actor, enrolment, programme_of(enrolment), "first_contact", min(held))
        for contact in saved:
            _record_contact_created(actor, enrolment, contact)
    return saved


def _record_contact_created(actor: Actor, enrolment: Enrolment, contact: Contact) -> None:
    record(
        AuditEvent.CONTACT_CREATED,
        actor=actor,
        obj=contact,
        participant_id=enrolment.participant_id,
        changes=_contact_details(contact),
    )


def _contact(actor: Actor, enrolment: Enrolment, given: ContactInput) -> Contact:
    """A contact checked field by field, not saved yet."""
    occurred_at, mode, place, parties = given.occurred_at, given.mode, given.place, given.parties
    duration_minutes, note, job, outcome = (
        given.duration_minutes,
        given.note,
        given.job,
        given.outcome,
    )
    errors: dict[str, str] = {}
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    if reason := implausible(occurred_at):
        errors["occurred_at"] = reason
    elif occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["occurred_at"] = _("A contact cannot be recorded in the future.")
    elif timezone.localdate(occurred_at) < enrolment.referral_date:
        errors["occurred_at"] = _("The contact is dated before the referral.")
    if enrolment.status == EnrolmentStatus.DECLINED:
        errors["occurred_at"] = _("The referral was declined: no contacts can be added.")
    if mode not in ContactMode.values:
        errors["mode"] = _("Choose how the contact took place.")
    if place not in ContactPlace.values:
        errors["place"] = _("Choose where the contact took place.")
    unknown = [party for party in parties if party not in PARTY_FIELDS]
    if unknown or not parties:
        errors["parties"] = _("Choose who took part.")
    else:
        errors |= foreign_agency_errors(enrolment.unit.organisation.country, parties=parties)
    if outcome not in ContactOutcome.values:
        errors["outcome"] = _("Choose whether the contact was held, missed or an attempt to reach.")
    if job is not None and job.enrolment_id != enrolment.pk:
        errors["job"] = _("Choose one of this participant's jobs.")
    if not 0 <= duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = _("Enter a duration between 0 and 1440 minutes.")
    if errors:
        raise DomainError(errors)
    contact = Contact(
        enrolment=enrolment,
        occurred_at=occurred_at,
        occurred_on=timezone.localdate(occurred_at),
        mode=mode,
        place=place,
        duration_minutes=duration_minutes,
        note=note,
        job=job,
        outcome=outcome,
        staff=actor,
        **{PARTY_FIELDS[party]: party in parties for party in PARTY_FIELDS},
    )
    validate_model(contact, exclude=["enrolment", "staff", "occurred_on", "job"])
    return contact


def _store_contact(actor: Actor, enrolment: Enrolment, contact: Contact) -> None:
    """Save a checked contact, inside the caller's transaction; the caller writes the audit
    entry (a meeting's entry covers the contact it is recorded as)."""
    contact.save()
    if contact.with_participant and contact.outcome == ContactOutcome.HELD:
        derive_milestone(
            actor, enrolment, programme_of(enrolment), "first_contact", contact.occurred_on
        )


def _contact_details(contact: Contact) -> dict[str, Any]:
    """What the audit trail keeps of a contact."""
    return {
        "occurred_on": contact.occurred_on.isoformat(),
        "mode": contact.mode,
        "place": contact.place,
        "parties": sorted(contact.parties),
    }


@dataclass(frozen=True)
class AttendeeInput:
    party: str
    role: str = ""
    name: str = ""


def record_meeting(
    *,
    actor: Actor,
    enrolment: Enrolment,
    meeting_type: str,
    occurred_at: datetime.datetime,
    mode: str,
    place: str,
    attendees: list[AttendeeInput],
    duration_minutes: int = 0,
    note: str = "",
    agreed: str = "",
    next_meeting_at: datetime.datetime | None = None,
    capacity: str = "",
) -> Meeting:
    """Record a meeting of a kind the model names, with who took part (by agency and role),
    what was agreed and the next booking; it counts as a contact with those parties, and a
    kind that marks a milestone (the joint assessment, the exit meeting) records it."""
    access.require_enrolment(actor, enrolment)
    require_participation(enrolment)
    definition = programme_of(enrolment).meeting_types.get(meeting_type)
    errors: dict[str, str] = {}
    if definition is None:
        errors["meeting_type"] = _("Choose one of the model's kinds of meeting.")
    if not attendees:
        errors["attendees"] = _("Name who took part.")
    elif any(a.party not in AttendeeParty.values for a in attendees):
        errors["attendees"] = _("Choose the agency or role of everyone who took part.")
    elif any(len(a.role) > 200 or len(a.name) > 200 for a in attendees):
        errors["attendees"] = _("Use at most %(limit)s characters.") % {"limit": 200}
    else:
        errors |= foreign_agency_errors(
            enrolment.unit.organisation.country, attendees=[a.party for a in attendees]
        )
    if definition is not None and definition.assessment != bool(capacity):
        errors["capacity"] = (
            _("Record the joint assessment of programme capacity.")
            if definition.assessment
            else _("Only a joint assessment records programme capacity.")
        )
    elif capacity and capacity not in Capacity.values:
        errors["capacity"] = _("Choose the assessment.")
    if next_meeting_at is not None and timezone.is_naive(next_meeting_at):
        next_meeting_at = timezone.make_aware(next_meeting_at)
    if next_meeting_at is not None and next_meeting_at <= occurred_at:
        errors["next_meeting_at"] = _("The next meeting comes after this one.")
    if len(agreed) > 4000:
        errors["agreed"] = _("Use at most %(limit)s characters.") % {"limit": 4000}
    try:
        parties = sorted(
            {CONTACT_PARTY[AttendeeParty(a.party)] for a in attendees if a.party in CONTACT_PARTY}
        )
        contact = _contact(
            actor,
            enrolment,
            ContactInput(
                occurred_at, mode, place, parties or ["participant"], duration_minutes, note
            ),
        )
    except DomainError as error:
        errors.update({field: " ".join(texts) for field, texts in error.errors.items()})
    if errors:
        raise DomainError(errors)
    assert definition is not None
    with transaction.atomic(durable=True):
        _store_contact(actor, enrolment, contact)
        meeting = Meeting.objects.create(
            contact=contact,
            meeting_type=meeting_type,
            agreed=agreed.strip(),
            next_meeting_at=next_meeting_at,
            capacity=capacity,
        )
        MeetingAttendee.objects.bulk_create(
            MeetingAttendee(
                meeting=meeting, party=a.party, role=a.role.strip(), name=a.name.strip()
            )
            for a in attendees
        )
        if definition.milestone:
            note_milestone(actor, enrolment, definition.milestone, contact.occurred_on)
        record(
            AuditEvent.MEETING_RECORDED,
            actor=actor,
            obj=meeting,
            participant_id=enrolment.participant_id,
            changes={
                "contact": contact.pk,
                **_contact_details(contact),
                "meeting_type": meeting_type,
                "attendees": sorted(a.party for a in attendees),
                "capacity": capacity,
            },
        )
    return meeting


def write_reflection(*, actor: Actor, meeting: Meeting, text: str) -> MeetingReflection:
    """A caseworker's own reflection after the meeting (one each)."""
    enrolment = meeting.contact.enrolment
    access.require_enrolment(actor, enrolment)
    errors = {}
    if not text.strip():
        errors["text"] = _("Write the reflection.")
    elif len(text) > 4000:
        errors["text"] = _("Use at most %(limit)s characters.") % {"limit": 4000}
    if MeetingReflection.objects.filter(meeting=meeting, staff=actor).exists():
        errors["text"] = _("You have written your reflection on this meeting already.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        reflection = MeetingReflection.objects.create(
            meeting=meeting, staff=actor, text=text.strip()
        )
        record(
            AuditEvent.REFLECTION_WRITTEN,
            actor=actor,
            obj=reflection,
            participant_id=enrolment.participant_id,
            changes={"meeting": meeting.pk},
        )
    return reflection


@dataclass
class PlanItemInput:
    activity: str
    purpose: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    responsible: str = ""
    status: str = PlanItemStatus.PLANNED


@dataclass
class PlanInput:
    long_term_goal: str
    sub_goals: list[str] = field(default_factory=list)
    items: list[PlanItemInput] = field(default_factory=list)


def revise_plan(
    *, actor: Actor, enrolment: Enrolment, plan: PlanInput, based_on: int | None = None
) -> PlanRevision:
    """Save a new version of the goals and plan; earlier versions stay as they were.

    ``based_on`` is the number of the newest version when the user opened the plan (0 for
    none): if someone saved another version since, the new one is refused rather than saved
    over theirs. Versions are numbered under a lock of the enrolment, so two saved at the same
    moment get the next two numbers."""
    access.require_enrolment(actor, enrolment)
    require_participation(enrolment)
    errors: dict[str, str] = {}
    if not plan.long_term_goal.strip():
        errors["long_term_goal"] = _("Write the participant's long-term goal.")
    for index, item in enumerate(plan.items):
        if not item.activity.strip():
            errors[f"items.{index}.activity"] = _("Describe the activity.")
        if item.starts_on and item.ends_on and item.ends_on < item.starts_on:
            errors[f"items.{index}.ends_on"] = _("The end is before the start.")
        if item.status not in PlanItemStatus.values:
            errors[f"items.{index}.status"] = _("Choose a status.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, None)
        latest = (
            PlanRevision.objects.filter(enrolment=enrolment)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        check_version(based_on, latest or 0)
        revision = PlanRevision(
            enrolment=enrolment,
            number=(latest or 0) + 1,
            long_term_goal=plan.long_term_goal.strip(),
            created_by=actor,
        )
        validate_model(revision, exclude=["enrolment", "created_by"])
        revision.save()
        sub_goals = [
            SubGoal(revision=revision, text=text.strip(), position=i)
            for i, text in enumerate(plan.sub_goals)
            if text.strip()
        ]
        items = [
            PlanItem(revision=revision, position=i, **item.__dict__)
            for i, item in enumerate(plan.items)
        ]
        for row in [*sub_goals, *items]:
            validate_model(row, exclude=["revision"])
        SubGoal.objects.bulk_create(sub_goals)
        PlanItem.objects.bulk_create(items)
        record(
            AuditEvent.PLAN_REVISED,
            actor=actor,
            obj=revision,
            participant_id=enrolment.participant_id,
            changes={"number": revision.number, "sub_goals": len(sub_goals), "items": len(items)},
        )
    return revision


def record_plan_sign_off(
    *, actor: Actor, revision: PlanRevision, day: datetime.date
) -> PlanRevision:
    """The participant has read and agreed to this version of the plan."""
    access.require_enrolment(actor, revision.enrolment)
    if revision.signed_by_participant_on is not None:
        raise DomainError({"day": _("This version is already signed.")})
    if day > timezone.localdate() or day < timezone.localdate(revision.created_at):
        raise DomainError({"day": _("The signing date must be between the plan's date and today.")})
    with transaction.atomic(durable=True):
        signed = (
            PlanRevision.objects.select_for_update()
            .values_list("signed_by_participant_on", flat=True)
            .get(pk=revision.pk)
        )
        if signed is not None:  # signed a moment ago, from another page
            raise DomainError({"day": _("This version is already signed.")})
        revision.signed_by_participant_on = day
        revision.save(update_fields=["signed_by_participant_on"])
        record(
            AuditEvent.PLAN_SIGNED,
            actor=actor,
            obj=revision,
            participant_id=revision.enrolment.participant_id,
            changes={"number": revision.number, "signed_on": day.isoformat()},
        )
    return revision
