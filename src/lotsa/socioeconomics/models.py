"""What an organisation keeps for its socioeconomic reports: what its units' programmes cost,
year by year, and its own copies of the shipped parameter sets. Both are kept in versions: an
edit adds a version and leaves the earlier ones as they were, with who saved them and when.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CostBasis(models.TextChoices):
    """How a unit's cost is given: a budget and what it buys, or directly per participant."""

    BUDGET_PER_PARTICIPANT = "budget_participants", _("Budget divided by the participants served")
    BUDGET_PER_PLACE_YEAR = "budget_places", _("Budget divided by the place-years it buys")
    PER_PARTICIPANT = "per_participant", _("Cost per participant")


class UnitProgrammeCost(models.Model):
    """One version of what a unit's programme costs in a year, and who pays it.

    The rows of one unit and year are its versions; the highest is the one in force. The cost is
    a budget with the participants it serves or the place-years it buys, or a cost per
    participant. ``split`` holds each payer's share as text (exact decimals), summing to 1.
    """

    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="programme_costs",
        verbose_name=_("unit"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    basis = models.CharField(_("the cost is given as"), max_length=24, choices=CostBasis.choices)
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    volume = models.PositiveIntegerField(
        _("participants served or place-years"), null=True, blank=True
    )
    cost_per_participant = models.DecimalField(
        _("cost per participant"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3)
    split = models.JSONField(_("split by payer"))
    includes = models.TextField(_("what the cost includes"), blank=True, max_length=2000)
    source = models.TextField(_("source"), blank=True, max_length=2000)
    # The fields this version changed from the one before, with their earlier values.
    changes = models.JSONField(default=dict, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "-year", "-version"]
        verbose_name = _("programme cost")
        verbose_name_plural = _("programme costs")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "version"], name="programme_cost_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} v{self.version}"

    @property
    def unit_cost(self) -> Decimal | None:
        """The cost per participant, or per place-year for a budget of places."""
        if self.basis == CostBasis.PER_PARTICIPANT:
            return self.cost_per_participant
        if self.budget is None or not self.volume:
            return None
        return (self.budget / self.volume).quantize(Decimal("0.01"))

    @property
    def shares(self) -> dict[str, Decimal]:
        return {payer: Decimal(share) for payer, share in self.split.items()}


class ParameterSetCopy(models.Model):
    """An organisation's own copy of a shipped parameter set, to adjust to its circumstances.
    The shipped file is never changed; the copy's values live in its versions."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="parameter_set_copies",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    based_on = models.CharField(_("copied from"), max_length=64)
    based_on_version = models.PositiveSmallIntegerField(_("version copied"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("copy of a parameter set")
        verbose_name_plural = _("copies of parameter sets")

    def __str__(self) -> str:
        return self.name


class ParameterSetCopyVersion(models.Model):
    """One saved state of a copy: every number of the set (``values``, key as the file writes
    it → exact decimal as text), the numbers the organisation has set itself with why
    (``adjusted``: key → note), and what this save changed (``changes``: key → [before, after])."""

    copy = models.ForeignKey(ParameterSetCopy, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveSmallIntegerField(_("version"))
    values = models.JSONField()
    adjusted = models.JSONField(default=dict, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(_("why"), blank=True, max_length=2000)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["copy", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["copy", "version"], name="parameter_copy_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.copy_id} v{self.version}"
