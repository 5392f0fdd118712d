"""Enrolments: a participant in one programme model at one unit, from referral to exit.

This is the minimal form the access rules rest on; phases, milestones and deadlines build on it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProgrammeModel(models.TextChoices):
    IPS = "ips", _("IPS – Individual Placement and Support")
    AMIA = "amia", _("AMiA – activation before the work-life introduction")
    JOM = "jom", _("JOM – job-oriented coping course")
    KNUT_PV = "knut_pv", _("KNUT-PV – municipal work training")


class Enrolment(models.Model):
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="enrolments"
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("unit"),
    )
    programme_model = models.CharField(
        _("programme model"), max_length=16, choices=ProgrammeModel.choices
    )
    referral_date = models.DateField(_("referral date"))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    responsible_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_enrolments",
        verbose_name=_("responsible staff member"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-referral_date", "-id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        indexes = [models.Index(fields=["unit", "participant"], name="enrolment_unit_participant")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(start_date__gte=models.F("referral_date")),
                name="enrolment_starts_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("referral_date")),
                name="enrolment_ends_after_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_programme_model_display()} – {self.unit}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None
