"""Administration of organisations, units and staff memberships."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import diff, record, snapshot
from lotsa.core.choices import foreign_agency_errors
from lotsa.errors import DomainError, validate_model
from lotsa.organisations.models import Membership, Organisation, Unit
from lotsa.organisations.numbers import OrganisationNumberError, normalise_organisation_number

ORGANISATION_FIELDS = ("name", "kind", "country", "organisation_number")
UNIT_FIELDS = ("organisation", "name", "description", "is_active")
MEMBERSHIP_FIELDS = (
    "user",
    "unit",
    "employer",
    "role",
    "function",
    "title",
    "fte",
    "starts_on",
    "ends_on",
)


def _save_audited(
    actor: Actor,
    instance: Any,
    fields: tuple[str, ...],
    created: AuditEvent,
    updated: AuditEvent,
    before: dict[str, Any],
) -> None:
    validate_model(instance)
    is_new = instance.pk is None
    instance.save()
    changes = diff(before, snapshot(instance, fields), hide_values=False)
    if is_new or changes:
        record(created if is_new else updated, actor=actor, obj=instance, changes=changes)


def save_organisation(
    *,
    actor: Actor,
    organisation: Organisation | None,
    name: str,
    kind: str,
    country: str,
    organisation_number: str,
) -> Organisation:
    """Create an organisation (``organisation=None``) or change one."""
    access.require(actor, access.Action.ADMINISTER)
    if errors := foreign_agency_errors(country, kind=kind):
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        organisation = organisation or Organisation()
        before = snapshot(organisation, ORGANISATION_FIELDS) if organisation.pk else {}
        try:
            number = normalise_organisation_number(organisation_number, country)
        except OrganisationNumberError as error:
            raise DomainError({"organisation_number": str(error)}) from None
        if (
            Organisation.objects.filter(organisation_number=number)
            .exclude(pk=organisation.pk)
            .exists()
        ):
            raise DomainError(
                {
                    "organisation_number": _(
                        "An organisation with this number is already registered."
                    )
                }
            )
        organisation.name, organisation.kind, organisation.country = name.strip(), kind, country
        organisation.organisation_number = number
        _save_audited(
            actor,
            organisation,
            ORGANISATION_FIELDS,
            AuditEvent.ORGANISATION_CREATED,
            AuditEvent.ORGANISATION_UPDATED,
            before,
        )
        return organisation


def save_unit(
    *,
    actor: Actor,
    unit: Unit | None,
    organisation: Organisation,
    name: str,
    description: str = "",
    is_active: bool = True,
) -> Unit:
    access.require(actor, access.Action.ADMINISTER)
    with transaction.atomic(durable=True):
        unit = unit or Unit()
        before = snapshot(unit, UNIT_FIELDS) if unit.pk else {}
        if (
            Unit.objects.filter(organisation=organisation, name=name.strip())
            .exclude(pk=unit.pk)
            .exists()
        ):
            raise DomainError({"name": _("This organisation already has a unit with this name.")})
        unit.organisation, unit.name, unit.description, unit.is_active = (
            organisation,
            name.strip(),
            description,
            is_active,
        )
        _save_audited(
            actor, unit, UNIT_FIELDS, AuditEvent.UNIT_CREATED, AuditEvent.UNIT_UPDATED, before
        )
        return unit


def save_membership(
    *,
    actor: Actor,
    membership: Membership | None,
    user: Actor,
    unit: Unit,
    employer: Organisation,
    role: str,
    fte: Decimal,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    function: str = "",
    title: str = "",
) -> Membership:
    """Give a staff member a role in a unit for a period, or change that membership."""
    access.require(actor, access.Action.ADMINISTER)
    with transaction.atomic(durable=True):
        membership = membership or Membership()
        before = snapshot(membership, MEMBERSHIP_FIELDS) if membership.pk else {}
        if ends_on is not None and ends_on < starts_on:
            raise DomainError({"ends_on": _("The end date must be on or after the start date.")})
        if not Decimal("0") < fte <= Decimal("1"):
            raise DomainError({"fte": _("Enter a full-time equivalent above 0 and at most 1.")})
        membership.user, membership.unit, membership.employer = user, unit, employer
        membership.function, membership.title = function, title.strip()
        membership.role, membership.fte, membership.starts_on, membership.ends_on = (
            role,
            fte,
            starts_on,
            ends_on,
        )
        _save_audited(
            actor,
            membership,
            MEMBERSHIP_FIELDS,
            AuditEvent.MEMBERSHIP_CREATED,
            AuditEvent.MEMBERSHIP_UPDATED,
            before,
        )
        return membership
