"""The provider contract of a unit's JOM courses and the provider's weekly reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.cohorts.models import CohortMember
from lotsa.errors import DomainError, Forbidden, validate_model
from lotsa.jom.models import (
    ContractTask,
    Course,
    DevelopmentNote,
    Party,
    ProviderContract,
    ProviderReport,
)
from lotsa.jom.services.course import (
    count_change,
    lock_for_edit,
    require_manager,
    runs_jom_errors,
)
from lotsa.organisations.models import Membership, Organisation, Unit


@dataclass(frozen=True)
class ContractValues:
    provider: Organisation
    valid_from: datetime.date
    contact_person: User
    valid_to: datetime.date | None = None
    reporting_duty: str = ""
    reporting_every_days: int = 7
    weekly_phone_meeting: bool = False
    finds_internships: bool = False
    # {task code: (hours, note)}: the tasks the provider does under the contract.
    tasks: dict[str, tuple[Decimal, str]] = field(default_factory=dict)


def _check_contract(unit: Unit, values: ContractValues) -> None:
    errors = runs_jom_errors(unit)
    if values.provider.kind != Organisation.Kind.PROVIDER:
        errors["provider"] = _("Choose an external provider.")
    elif values.provider.country != unit.organisation.country:
        errors["provider"] = _("Choose a provider of the unit's own country.")
    if values.valid_to is not None and values.valid_to < values.valid_from:
        errors["valid_to"] = _("The end is before the start.")
    # The fixed contact person is the jobcentre's own: a member of the unit it employs.
    if (
        not Membership.objects.active_on(timezone.localdate())
        .filter(user=values.contact_person, unit=unit, employer_id=unit.organisation_id)
        .exists()
    ):
        errors["contact_person"] = _("Choose a member of the unit employed by its organisation.")
    for task, (hours, _note) in values.tasks.items():
        if hours < 0:
            errors[f"hours_{task}"] = _("Enter hours of zero or more.")
    if errors:
        raise DomainError(errors)


def save_provider_contract(
    *,
    actor: Actor,
    unit: Unit,
    values: ContractValues,
    contract: ProviderContract | None = None,
    version: int | None = None,
) -> ProviderContract:
    """Record the unit's contract with its provider, or change it; the tasks listed replace
    the contract's tasks. A change made from another ``version`` of the contract than the
    saved one is refused (``EditConflict``)."""
    require_manager(actor, unit.pk)
    _check_contract(unit, values)
    fields = {
        name: getattr(values, name)
        for name in (
            "provider",
            "valid_from",
            "valid_to",
            "contact_person",
            "reporting_duty",
            "reporting_every_days",
            "weekly_phone_meeting",
            "finds_internships",
        )
    }
    with transaction.atomic(durable=True):
        if contract is None:
            contract = ProviderContract(unit=unit, created_by=actor)
        else:
            lock_for_edit(contract, version)
        for name, value in fields.items():
            setattr(contract, name, value)
        validate_model(contract, exclude=["unit", "created_by"])
        count_change(contract)
        contract.save()
        contract.tasks.all().delete()
        ContractTask.objects.bulk_create(
            ContractTask(contract=contract, task=task, hours_budgeted=hours, note=note[:500])
            for task, (hours, note) in values.tasks.items()
        )
        record(
            AuditEvent.PROVIDER_CONTRACT_SAVED,
            actor=actor,
            obj=contract,
            changes={
                "provider": values.provider.pk,
                "contact_person": values.contact_person.pk,
                "valid_from": values.valid_from.isoformat(),
                "tasks": {task: str(hours) for task, (hours, _note) in values.tasks.items()},
            },
        )
    return contract


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def require_provider(actor: Actor, course: Course) -> None:
    """The provider's staff in the course's unit send its reports (the team leader too)."""
    if Party.PROVIDER in access.course_parties_of(actor, course):
        return
    if course.cohort.unit_id in access.unit_ids_for(actor, access.Action.MANAGE_COURSE):
        return
    record(
        AuditEvent.ACCESS_DENIED,
        actor=actor,
        obj=course,
        changes={"action": "course.provider_report"},
    )
    raise Forbidden("course.provider_report")


def send_provider_report(
    *,
    actor: Actor,
    course: Course,
    week_starting: datetime.date,
    notes: dict[int, str],
) -> ProviderReport:
    """The provider's report of a week to the jobcentre: development notes on the course's
    members ({enrolment id: note}); the attendance is the cohort's own record."""
    require_provider(actor, course)
    contract = course.provider_contract
    errors: dict[str, str] = {}
    if contract is None:
        errors["__all__"] = _("The course has no provider contract.")
    if week_starting.weekday() != 0:
        errors["week_starting"] = _("Choose the Monday the week starts on.")
    elif week_starting > timezone.localdate():
        errors["week_starting"] = _("The date cannot be in the future.")
    members = dict(
        CohortMember.objects.filter(cohort=course.cohort).values_list(
            "enrolment_id", "enrolment__participant_id"
        )
    )
    for enrolment_id in notes:
        if enrolment_id not in members:
            errors[f"note_{enrolment_id}"] = _("Not a member of this cohort.")
    if errors:
        raise DomainError(errors)
    assert contract is not None
    if ProviderReport.objects.filter(
        contract=contract, cohort=course.cohort, week_starting=week_starting
    ).exists():
        raise DomainError({"week_starting": _("The report of this week is sent already.")})
    written = {enrolment_id: note.strip() for enrolment_id, note in notes.items() if note.strip()}
    with transaction.atomic(durable=True):
        report = ProviderReport.objects.create(
            contract=contract,
            cohort=course.cohort,
            week_starting=week_starting,
            sent_on=timezone.localdate(),
            sent_by=actor,
        )
        DevelopmentNote.objects.bulk_create(
            DevelopmentNote(report=report, enrolment_id=enrolment_id, note=note[:4000])
            for enrolment_id, note in written.items()
        )
        record(
            AuditEvent.PROVIDER_REPORT_SENT,
            actor=actor,
            obj=report,
            changes={"week_starting": week_starting.isoformat(), "course": course.pk},
            participants=[members[enrolment_id] for enrolment_id in written],
        )
    return report
