"""Who is responsible for an enrolment: the staff of its unit who may be, and the hand-over to
another staff member or the sharing with one beside. The history of responsibility is kept in
``Responsibility`` rows, one for each stretch of time a staff member held the case.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.services import snapshot
from lotsa.errors import DomainError
from lotsa.organisations.models import Membership, Role, Unit
from lotsa.pathways.models import OPEN_STATUSES, Enrolment, EventKind, Responsibility
from lotsa.pathways.services.enrolment_changes import (
    ENROLMENT_AUDITED_FIELDS,
    add_history_event,
    check_day,
    lock_enrolment,
    require_status,
    save_audited_change,
)

RESPONSIBLE_ROLES = (Role.COACH, Role.SUPERVISOR)


def may_be_responsible(staff: Actor, unit: Unit, day: datetime.date) -> bool:
    return (
        Membership.objects.active_on(day)
        .filter(user=staff, unit=unit, role__in=RESPONSIBLE_ROLES)
        .exists()
    )


def end_responsibilities(enrolment: Enrolment, day: datetime.date) -> None:
    Responsibility.objects.filter(enrolment=enrolment, ends_on__isnull=True).update(ends_on=day)


def hand_over(
    *,
    actor: Actor,
    enrolment: Enrolment,
    to_staff: Actor,
    day: datetime.date,
    share: bool = False,
    note: str = "",
) -> Enrolment:
    """Give the enrolment to another staff member of the unit, or (``share``) add one beside."""
    access.require_enrolment(actor, enrolment)
    require_status(enrolment, OPEN_STATUSES)
    check_day(day, "day", not_before=enrolment.referral_date)
    if not may_be_responsible(to_staff, enrolment.unit, day):
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
        add_history_event(
            actor,
            enrolment,
            EventKind.SHARED if share else EventKind.HANDED_OVER,
            day,
            staff=to_staff,
            note=note,
        )
        save_audited_change(actor, enrolment, before, ["responsible_staff"])
    return enrolment
