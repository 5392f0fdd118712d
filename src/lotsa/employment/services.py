"""Writes for employment: employers, job development, jobs, profiles and benefits counselling."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import diff, record, snapshot
from lotsa.core.choices import foreign_agency_errors
from lotsa.employment.models import (
    JOB_DETAILS,
    BenefitsCounselling,
    ContactPerson,
    ContactPurpose,
    Employer,
    EmployerContact,
    Job,
    VocationalProfile,
)
from lotsa.employment.occupations import classification_name, occupations
from lotsa.employment.queries import first_face_to_face_employer_contact, latest_profile_version
from lotsa.employment.rules import is_competitive
from lotsa.errors import DomainError, check_version, validate_model
from lotsa.organisations.numbers import OrganisationNumberError, normalise_organisation_number
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.enrolment_changes import lock_enrolment, programme_of
from lotsa.pathways.services.enrolment_records import derive_milestone

JOB_FIELDS = ("employer", *JOB_DETAILS)


class DuplicateEmployer(DomainError):
    """The organisation number is registered already; ``existing_id`` names that employer."""

    def __init__(self, existing_id: int) -> None:
        self.existing_id = existing_id
        super().__init__({"organisation_number": _("This employer is already registered.")})


def _require_job_developer(actor: Actor) -> None:
    """Employers are shared: any coach or team leader may register and contact them."""
    access.require(actor, access.Action.CHANGE_PARTICIPANT)


def _not_future(day: datetime.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise DomainError({field: _("The date cannot be in the future.")})


EMPLOYER_FIELDS = (
    "name",
    "country",
    "organisation_number",
    "sector",
    "industry_code",
    "municipality",
    "notes",
)


def _set_employer_fields(
    employer: Employer,
    *,
    name: str,
    country: str,
    organisation_number: str,
    sector: str,
    industry_code: str = "",
    municipality: str = "",
    notes: str = "",
) -> None:
    """Set what a person enters about an employer, the organisation number in its one form;
    refused, field by field, where it is not valid or names another registered employer."""
    try:
        number = normalise_organisation_number(organisation_number, country)
    except OrganisationNumberError as error:
        raise DomainError({"organisation_number": str(error)}) from None
    existing = Employer.objects.filter(organisation_number=number).exclude(pk=employer.pk).first()
    if existing is not None:
        raise DuplicateEmployer(existing.pk)
    employer.name = name.strip()
    employer.country = country
    employer.organisation_number = number
    employer.sector = sector
    employer.industry_code = industry_code.strip()
    employer.municipality = municipality.strip()
    employer.notes = notes
    validate_model(employer)


def register_employer(*, actor: Actor, **fields: Any) -> Employer:
    """Register an employer (``EMPLOYER_FIELDS``); an organisation number is registered once."""
    _require_job_developer(actor)
    employer = Employer()
    _set_employer_fields(employer, **fields)
    number = employer.organisation_number
    try:
        with transaction.atomic(durable=True):
            employer.save()
            record(
                AuditEvent.EMPLOYER_SAVED,
                actor=actor,
                obj=employer,
                changes={"name": employer.name, "organisation_number": number},
            )
    except IntegrityError:
        raise DuplicateEmployer(Employer.objects.get(organisation_number=number).pk) from None
    return employer


def change_employer(
    *, actor: Actor, employer: Employer, version: int | None = None, **fields: Any
) -> Employer:
    """Change what is recorded about an employer (``EMPLOYER_FIELDS``).

    ``version`` is the employer's version the user's form showed: if someone else saved a
    change since, this one is refused (``EditConflict``) rather than saved over theirs. Only
    the fields that change are written."""
    _require_job_developer(actor)
    try:
        with transaction.atomic(durable=True):
            employer.refresh_from_db(from_queryset=Employer.objects.select_for_update(no_key=True))
            check_version(version, employer.version)
            before = snapshot(employer, EMPLOYER_FIELDS)
            _set_employer_fields(employer, **fields)
            after = snapshot(employer, EMPLOYER_FIELDS)
            changed = [name for name in after if after[name] != before[name]]
            if not changed:
                return employer
            employer.version += 1
            employer.save(update_fields=[*changed, "version"])
            record(
                AuditEvent.EMPLOYER_SAVED,
                actor=actor,
                obj=employer,
                changes=diff(before, after, hide_values=False),
            )
    except IntegrityError:
        number = employer.organisation_number
        employer.refresh_from_db()
        raise DuplicateEmployer(Employer.objects.get(organisation_number=number).pk) from None
    except DomainError:
        # The page shows the employer as saved next to the refused form, not the refused values.
        employer.refresh_from_db()
        raise
    return employer


def add_contact_person(
    *,
    actor: Actor,
    employer: Employer,
    name: str,
    title: str = "",
    phone: str = "",
    email: str = "",
) -> ContactPerson:
    _require_job_developer(actor)
    person = ContactPerson(
        employer=employer, name=name.strip(), title=title, phone=phone, email=email
    )
    validate_model(person, exclude=["employer"])
    with transaction.atomic(durable=True):
        person.save()
        record(
            AuditEvent.EMPLOYER_SAVED,
            actor=actor,
            obj=person,
            changes={"contact_person": person.name},
        )
    return person


def record_employer_contact(
    *,
    actor: Actor,
    employer: Employer,
    unit: Any,
    occurred_on: datetime.date,
    purpose: str,
    face_to_face: bool = True,
    participant_present: bool = False,
    enrolments: list[Enrolment] | None = None,
    outcome: str = "",
    next_step: str = "",
    next_step_on: datetime.date | None = None,
) -> EmployerContact:
    """Log a job-development contact; on a participant's behalf it may set their milestone."""
    enrolments = enrolments or []
    if unit.pk not in access.unit_ids_for(actor, access.Action.CHANGE_PARTICIPANT):
        _require_job_developer(actor)
        raise DomainError({"unit": _("Choose one of your units.")})
    errors: dict[str, str] = {}
    for enrolment in enrolments:
        if enrolment.unit_id not in access.unit_ids_for(actor, access.Action.CHANGE_PARTICIPANT):
            errors["enrolments"] = _(
                "You can only record contacts on behalf of participants of your units."
            )
    _not_future(occurred_on, "occurred_on")
    if purpose not in ContactPurpose.values:
        errors["purpose"] = _("Choose the purpose of the contact.")
    if participant_present and not enrolments:
        errors["participant_present"] = _("Name the participant who took part.")
    if next_step_on is not None and next_step_on < occurred_on:
        errors["next_step_on"] = _("The next step cannot come before the contact.")
    if errors:
        raise DomainError(errors)
    contact = EmployerContact(
        employer=employer,
        staff=actor,
        unit=unit,
        occurred_on=occurred_on,
        purpose=purpose,
        face_to_face=face_to_face,
        participant_present=participant_present,
        outcome=outcome,
        next_step=next_step,
        next_step_on=next_step_on,
    )
    validate_model(contact, exclude=["employer", "staff", "unit"])
    with transaction.atomic(durable=True):
        contact.save()
        contact.enrolments.set(enrolments)
        for enrolment in sorted(enrolments, key=lambda e: e.pk):  # locks in one order
            if face_to_face:
                derive_milestone(
                    actor, enrolment, programme_of(enrolment), "employer_contact", occurred_on
                )
        if face_to_face and enrolments:
            refresh_first_employer_contact(enrolments)
        record(
            AuditEvent.EMPLOYER_CONTACT_CREATED,
            actor=actor,
            obj=contact,
            participant_id=enrolments[0].participant_id if len(enrolments) == 1 else None,
            changes={
                "employer": employer.pk,
                "enrolments": [e.pk for e in enrolments],
                "face_to_face": face_to_face,
            },
        )
    return contact


def refresh_first_employer_contact(enrolments: list[Enrolment]) -> None:
    """Recompute Enrolment.first_employer_contact_on for these enrolments from their contacts
    (one statement), and bring the objects in hand up to date.

    The rows are locked first, in a statement of their own: a contact recorded at the same time
    for the same enrolment then commits before the recomputation starts, so the recomputation
    sees it (an UPDATE that waited for the lock would still compute from what it saw before).
    """
    rows = Enrolment.objects.filter(pk__in=[e.pk for e in enrolments])
    with transaction.atomic(savepoint=False):
        list(rows.select_for_update().values_list("pk", flat=True))
        rows.update(first_employer_contact_on=first_face_to_face_employer_contact())
    days = dict(rows.values_list("pk", "first_employer_contact_on"))
    for enrolment in enrolments:
        enrolment.first_employer_contact_on = days[enrolment.pk]


def count_employer_contacts_from_start(enrolment: Enrolment) -> None:
    """Run when an enrolment starts (registered in ``EmploymentConfig.ready``): employer
    contacts recorded before a backdated start may fall after it."""
    refresh_first_employer_contact([enrolment])


def _job_errors(job: Job) -> dict[str, str]:
    errors: dict[str, str] = {}
    country = job.employer.country
    if job.occupation_code not in occupations(country):
        errors["occupation_code"] = _("Unknown occupation code in %(system)s.") % {
            "system": classification_name(country)
        }
    if job.ends_on is not None and job.ends_on < job.starts_on:
        errors["ends_on"] = _("The job cannot end before it starts.")
    if job.hours_per_week is not None and not Decimal("0") <= job.hours_per_week <= Decimal("80"):
        errors["hours_per_week"] = _("Enter the hours per week, between 0 and 80.")
    if job.hourly_wage is not None and job.hourly_wage < 0:
        errors["hourly_wage"] = _("The wage cannot be negative.")
    if job.ends_on is None and job.end_reason:
        errors["end_reason"] = _("Give an end date with the end reason.")
    if job.starts_on < job.enrolment.referral_date - datetime.timedelta(days=365):
        errors["starts_on"] = _("The job started long before the referral: is the date right?")
    if job.disclosure_on is not None and job.disclosure_on > timezone.localdate():
        errors["disclosure_on"] = _("The date cannot be in the future.")
    four_paid_hours_error = _four_paid_hours_error(job)
    if four_paid_hours_error:
        errors["four_paid_hours_on"] = four_paid_hours_error
    return errors


def _four_paid_hours_error(job: Job) -> str:
    if job.four_paid_hours_on is None:
        return ""
    if job.four_paid_hours_on < job.starts_on:
        return _("The hours cannot be worked before the job starts.")
    if job.four_paid_hours_on > timezone.localdate():
        return _("The date cannot be in the future.")
    return ""


def save_job(
    *,
    actor: Actor,
    enrolment: Enrolment,
    job: Job | None = None,
    version: int | None = None,
    **fields: Any,
) -> Job:
    """Record a job or change it. A start sets the job milestones (first job, first competitive).

    A change names the job's ``version`` the user's form showed: if someone else saved a change
    since, it is refused (``EditConflict``) rather than saved over theirs. Only the fields that
    change are written."""
    access.require_enrolment(actor, enrolment)
    is_new = job is None
    job = job or Job(enrolment=enrolment)
    with transaction.atomic(durable=True):
        if not is_new:
            job.refresh_from_db(from_queryset=Job.objects.select_for_update(no_key=True))
            check_version(version, job.version)
        before = snapshot(job, JOB_FIELDS) if not is_new else {}
        for name, value in fields.items():
            setattr(job, name, value)
        validate_model(job, exclude=["enrolment"])
        errors = _job_errors(job)
        if errors:
            raise DomainError(errors)
        if is_new:
            job.save()
        else:
            after = snapshot(job, JOB_FIELDS)
            changed = [name for name in after if after[name] != before[name]]
            if changed:
                job.version += 1
                job.save(update_fields=[*changed, "version"])
        programme = programme_of(enrolment)
        if job.starts_on <= timezone.localdate():
            derive_milestone(actor, enrolment, programme, "job_start", job.starts_on)
            if is_competitive(job):
                derive_milestone(
                    actor, enrolment, programme, "competitive_job_start", job.starts_on
                )
        record(
            AuditEvent.JOB_SAVED,
            actor=actor,
            obj=job,
            participant_id=enrolment.participant_id,
            changes=diff(before, snapshot(job, JOB_FIELDS), hide_values=False),
        )
    return job


def record_four_paid_hours(
    *, actor: Actor, job: Job, four_paid_hours_on: datetime.date, version: int | None = None
) -> Job:
    """Record the day by which the participant had worked four paid hours in the job: from it
    on, the job start counts in the outcome reports. Not before the start, not in the future;
    refused (``EditConflict``) if the job was changed since the user's page showed ``version``."""
    enrolment = job.enrolment
    access.require_enrolment(actor, enrolment)
    with transaction.atomic(durable=True):
        job.refresh_from_db(from_queryset=Job.objects.select_for_update(no_key=True))
        check_version(version, job.version)
        job.enrolment = enrolment
        before = snapshot(job, ("four_paid_hours_on",))
        job.four_paid_hours_on = four_paid_hours_on
        error = _four_paid_hours_error(job)
        if error:
            raise DomainError({"four_paid_hours_on": error})
        job.version += 1
        job.save(update_fields=["four_paid_hours_on", "version"])
        record(
            AuditEvent.JOB_SAVED,
            actor=actor,
            obj=job,
            participant_id=enrolment.participant_id,
            changes=diff(before, snapshot(job, ("four_paid_hours_on",)), hide_values=False),
        )
    return job


def save_profile(
    *, actor: Actor, enrolment: Enrolment, version: int | None = None, **fields: Any
) -> VocationalProfile:
    """A new dated version of the vocational profile; earlier versions stay.

    ``version`` is the number of the newest profile when the user opened the form (0 for
    none): if someone saved another version since, the new one is refused (``EditConflict``)
    rather than saved over theirs unseen. Versions are numbered under a lock of the enrolment,
    so two saved at the same moment get the next two numbers."""
    access.require_enrolment(actor, enrolment)
    _not_future(fields.get("written_on"), "written_on")
    profile = VocationalProfile(enrolment=enrolment, version=0, created_by=actor, **fields)
    validate_model(profile, exclude=["enrolment", "created_by"])
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, None)
        latest = latest_profile_version(enrolment)
        check_version(version, latest)
        profile.version = latest + 1
        profile.save()
        derive_milestone(actor, enrolment, programme_of(enrolment), "profile", profile.written_on)
        record(
            AuditEvent.PROFILE_SAVED,
            actor=actor,
            obj=profile,
            participant_id=enrolment.participant_id,
            changes={"version": profile.version},
        )
    return profile


def record_benefits_counselling(
    *, actor: Actor, enrolment: Enrolment, **fields: Any
) -> BenefitsCounselling:
    access.require_enrolment(actor, enrolment)
    _not_future(fields.get("offered_on"), "offered_on")
    _not_future(fields.get("held_on"), "held_on")
    counselling = BenefitsCounselling(enrolment=enrolment, recorded_by=actor, **fields)
    if errors := foreign_agency_errors(
        enrolment.unit.organisation.country, provider=counselling.provider
    ):
        raise DomainError(errors)
    if (
        counselling.held_on
        and counselling.offered_on
        and counselling.held_on < counselling.offered_on
    ):
        raise DomainError({"held_on": _("It cannot be held before it was offered.")})
    validate_model(counselling, exclude=["enrolment", "recorded_by"])
    with transaction.atomic(durable=True):
        counselling.save()
        record(
            AuditEvent.COUNSELLING_SAVED,
            actor=actor,
            obj=counselling,
            participant_id=enrolment.participant_id,
            changes={"provider": counselling.provider, "held_on": str(counselling.held_on or "")},
        )
    return counselling
