"""Work analysis: the participant's self-rating and the supervisor's observation of each
functional requirement of a task, on a date and for a stated purpose.

It is an observation of how abilities show at work, never an assessment of work ability: that
needs licensed professionals (the concept list's work-ability assessment)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.worktraining.models.units import FunctionalRequirement, RequirementLevel

# The self-rating scale: 0 (not at all) to this (fully).
SELF_RATING_MAX = 10


class Purpose(models.TextChoices):
    SICK_LEAVE_BASIS = "sick_leave_basis", _("Basis for a sick-leave decision")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    JOB_MATCHING = "job_matching", _("Matching to jobs")


class WorkAnalysis(models.Model):
    enrolment = models.ForeignKey(
        "pathways.Enrolment",
        on_delete=models.PROTECT,
        related_name="work_analyses",
        verbose_name=_("enrolment"),
    )
    task = models.ForeignKey(
        "worktraining.WorkTask",
        on_delete=models.PROTECT,
        related_name="analyses",
        verbose_name=_("task"),
    )
    observed_on = models.DateField(_("observed on"))
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-observed_on", "-pk"]
        verbose_name = _("work analysis")
        verbose_name_plural = _("work analyses")

    def __str__(self) -> str:
        return f"{self.task} {self.observed_on}"


class AbilityEntry(models.Model):
    """One requirement of the task: how the participant rates themselves, and what the
    supervisor observed."""

    analysis = models.ForeignKey(
        WorkAnalysis, on_delete=models.CASCADE, related_name="entries", verbose_name=_("analysis")
    )
    requirement = models.CharField(
        _("functional requirement"), max_length=32, choices=FunctionalRequirement.choices
    )
    self_rating = models.PositiveSmallIntegerField(_("self-rating"), null=True, blank=True)
    observed_level = models.PositiveSmallIntegerField(
        _("observed level"), choices=RequirementLevel.choices, null=True, blank=True
    )
    observation = models.TextField(_("observation"), max_length=2000, blank=True)

    class Meta:
        ordering = ["requirement"]
        verbose_name = _("observation of a requirement")
        verbose_name_plural = _("observations of requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "requirement"], name="ability_entry_once_per_analysis"
            ),
            models.CheckConstraint(
                condition=models.Q(self_rating__isnull=True)
                | models.Q(self_rating__gte=0, self_rating__lte=SELF_RATING_MAX),
                name="ability_entry_self_rating_in_scale",
            ),
            models.CheckConstraint(
                condition=models.Q(observed_level__isnull=True)
                | models.Q(observed_level__gte=1, observed_level__lte=3),
                name="ability_entry_observed_level_1_3",
            ),
        ]

    def __str__(self) -> str:
        return self.get_requirement_display()


class AnalysisSummary(models.Model):
    """A summary of the work analyses, written for the participant's file or for the referrer."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment",
        on_delete=models.PROTECT,
        related_name="analysis_summaries",
        verbose_name=_("enrolment"),
    )
    written_on = models.DateField(_("written on"))
    text = models.TextField(_("summary"), max_length=8000)
    for_referrer = models.BooleanField(_("for the referrer"), default=True)
    analyses = models.ManyToManyField(
        WorkAnalysis, related_name="summaries", blank=True, verbose_name=_("work analyses")
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name = _("summary of work analyses")
        verbose_name_plural = _("summaries of work analyses")

    def __str__(self) -> str:
        return f"{self.written_on}"
