"""Reads for the start page and the administration pages."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lotsa.accounts.models import User
from lotsa.accounts.types import Actor
from lotsa.core.expressions import correlated_count
from lotsa.organisations.models import Membership, Organisation, Unit
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment, UnitProgramme
from lotsa.worktraining.models import WorkUnit


def memberships_for_home(user: Actor) -> QuerySet[Membership]:
    """The user's active memberships, each unit with its number of open enrolments.

    The count is a subquery over the index of open enrolments per unit: joining the unit's
    enrolments instead would read every enrolment the unit ever had, ended ones included.
    """
    return (
        Membership.objects.active_on(timezone.localdate())
        .filter(user=user)
        .select_related("unit__organisation", "employer")
        .annotate(
            open_enrolments=correlated_count(
                Enrolment.objects.filter(unit=OuterRef("unit_id"), end_date__isnull=True), "unit"
            ),
            # The unit runs a model that keeps time reports (and so a monthly activity report).
            # The unit has work units with business plans and gender statistics to plan.
            has_work_units=Exists(WorkUnit.objects.filter(unit=OuterRef("unit_id"))),
            keeps_time_reports=Exists(
                UnitProgramme.objects.filter(
                    unit=OuterRef("unit_id"),
                    programme_code__in=[
                        code for code, p in registry().programmes.items() if p.time_reports
                    ],
                )
            ),
        )
        .order_by("unit__name")
    )


def organisations_overview() -> QuerySet[Organisation]:
    return Organisation.objects.annotate(unit_count=Count("units")).order_by("country", "name")


def units_overview() -> QuerySet[Unit]:
    today = timezone.localdate()
    return (
        Unit.objects.select_related("organisation")
        .prefetch_related("programmes")
        .annotate(
            member_count=Count(
                "memberships",
                filter=Q(memberships__starts_on__lte=today)
                & (Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=today)),
            )
        )
        .order_by("organisation__name", "name")
    )


def staff_overview() -> QuerySet[User]:
    return User.objects.prefetch_related("memberships__unit", "memberships__employer").order_by(
        "last_name", "first_name"
    )
