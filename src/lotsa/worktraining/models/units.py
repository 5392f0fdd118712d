"""Work units: the activities of a municipal work-training service (KNUT-PV), each with its
financing, the services it offers and its daily work group."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Financing(models.TextChoices):
    COMMITTEE_GRANT = "committee_grant", _("Grant from the committee")
    REVENUE = "revenue", _("Own revenue (sales of goods and services)")
    MIXED = "mixed", _("Grant and own revenue")


class WorkUnit(models.Model):
    """An activity inside a work-training unit (a carpentry, a café, a second-hand shop).

    The unit's places in the programme model stay the measure of occupancy; a work unit's
    places only describe it."""

    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="work_units",
        verbose_name=_("unit"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    financing = models.CharField(_("financing"), max_length=32, choices=Financing.choices)
    # Codes of the concept list of services (worktraining/concepts.toml).
    services = models.JSONField(_("services offered"), default=list, blank=True)
    places = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    cohort = models.OneToOneField(
        "cohorts.Cohort",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_unit",
        verbose_name=_("daily work group"),
    )
    daily_rate = models.DecimalField(
        _("daily compensation"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "The activity compensation for one day of work training, if the unit pays one."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="work_unit_name_unique_in_unit"),
            models.CheckConstraint(
                condition=models.Q(daily_rate__isnull=True) | models.Q(daily_rate__gte=0),
                name="work_unit_daily_rate_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name
