"""How long each organisation keeps a closed case before its content is erased.

Closed cases are not deleted: the rows the reports count (enrolments with their dates, phases
and outcomes, jobs, attendance, time reported) stay, under a participant who has become
anonymous. What goes is what tells about the person: identifying data, free text, plans,
profiles and documents. Foreign keys to participants and enrolments stay PROTECT, so that
nothing can vanish by accident; erasure is an explicit operation (``services.erase_due``) that
clears or deletes in an order the keys allow, and is itself audited.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.pathways.definitions.registry import programme_name

# Sweden's social services keep the records of people born on these days of a month for
# research, whatever their retention period (a sample the archive authority may decide on).
RESEARCH_SAMPLE_BIRTH_DAYS = (5, 15, 25)


class RetentionRule(models.Model):
    """An organisation's retention period, for one programme model or for all of them."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="retention_rules",
        verbose_name=_("organisation"),
    )
    # Blank: every programme model of the organisation without a rule of its own.
    programme_code = models.CharField(_("programme model"), max_length=32, blank=True)
    years = models.PositiveSmallIntegerField(
        _("years kept after the case closed"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    keep_research_sample = models.BooleanField(
        _("keep the records of people born on the 5th, 15th or 25th"),
        default=False,
        help_text=_("The research sample Swedish social services keep instead of erasing."),
    )
    decision = models.CharField(
        _("decision behind the rule"),
        max_length=200,
        blank=True,
        help_text=_("The retention decision or archive rule this follows, for the record."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name", "programme_code"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "programme_code"], name="one_retention_rule_per_programme"
            )
        ]

    def __str__(self) -> str:
        model = programme_name(self.programme_code) if self.programme_code else "*"
        return f"{self.organisation} {model}: {self.years}"
