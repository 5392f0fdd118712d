"""Organisations, their units (teams or services) and the staff memberships in them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotsa.core.choices import Country


class Organisation(models.Model):
    """A public body or provider: a municipality, region, agency, jobcentre or company."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")
        FORSAKRINGSKASSAN = "forsakringskassan", _("Försäkringskassan (Swedish Social Insurance)")
        ARBETSFORMEDLINGEN = (
            "arbetsformedlingen",
            _("Arbetsförmedlingen (Swedish Public Employment)"),
        )
        JOBCENTRE = "jobcentre", _("Jobcentre")
        COORDINATION_ASSOCIATION = (
            "coordination_association",
            _("Coordination association (samordningsförbund)"),
        )
        PROVIDER = "provider", _("Provider")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    organisation_number = models.CharField(_("organisation number"), max_length=20, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A team or service that works with participants, e.g. an IPS team or a joint FK–AF team."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="units", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_name_unique_in_org")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COACH = "coach", _("Coach / employment specialist / caseworker")
    SUPERVISOR = "supervisor", _("Supervisor / team leader")
    MANAGER = "manager", _("Manager")
    FIDELITY_REVIEWER = "fidelity_reviewer", _("Fidelity reviewer")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")
    RECORDS_OFFICER = "records_officer", _("Records officer (access requests)")
    # Issues survey IDs and alone reads which participant holds which (AMiA's subproject
    # coordinator).
    COORDINATOR = "coordinator", _("Coordinator (survey IDs)")


class StaffFunction(models.TextChoices):
    """What a staff member does in a unit, beside the role that decides what they may see and
    change: a JOM course routes its tasks by function and employer, and a work-training unit
    counts its staff by function in its gender statistics."""

    CASEWORKER = "caseworker", _("Caseworker")
    PROJECT_LEADER = "project_leader", _("Project leader")
    COMPANY_CONSULTANT = "company_consultant", _("Company consultant")
    TEACHER_PSYCHOLOGIST = "teacher_psychologist", _("Teacher / psychologist")
    HEALTH_PROFESSIONAL = "health_professional", _("Health professional")
    MENTOR = "mentor", _("Mentor")
    WORK_SUPERVISOR = "work_supervisor", _("Work supervisor")
    LABOUR_MARKET_SECRETARY = "labour_market_secretary", _("Labour-market secretary")
    OTHER = "other", _("Other")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active_on(self, day: datetime.date) -> MembershipQuerySet:
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class Membership(models.Model):
    """A staff member's role in a unit for a period. Staff may belong to several units."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("staff member"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit")
    )
    employer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="employed_memberships",
        verbose_name=_("employing organisation"),
        help_text=_("Who employs the staff member; in a joint team this differs between members."),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    function = models.CharField(
        _("function"), max_length=32, choices=StaffFunction.choices, blank=True, db_default=""
    )
    # The unit's own word for the post (a work-training unit's "arbetsledare" or "handledare"),
    # which may differ between units for the same person.
    title = models.CharField(_("title in the unit"), max_length=200, blank=True, db_default="")
    fte = models.DecimalField(
        _("full-time equivalent"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["unit__name", "user__last_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1), name="membership_fte_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit} ({self.get_role_display()})"
