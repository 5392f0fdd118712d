"""Improvement work of a unit: the register with its impact/effort matrix and PDSA cycles,
benchmarking visits, and the staff's training register."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    LOW = "low", pgettext_lazy("impact or effort", "Low")
    HIGH = "high", pgettext_lazy("impact or effort", "High")


class Source(models.TextChoices):
    FIDELITY = "fidelity", _("Fidelity review recommendation")
    PROCESS_STEP = "process_step", _("A step of the process")
    SURVEY = "survey", _("Survey finding")
    BENCHMARKING = "benchmarking", _("Benchmarking visit")
    DEVIATION = "deviation", _("Deviation on the team's board")
    OTHER = "other", _("Other")


class ImprovementStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Quadrant(models.TextChoices):
    """The impact/effort matrix, in the order a team works through it."""

    LOW_HANGING_FRUIT = "low_hanging_fruit", _("Low-hanging fruit: high impact, low effort")
    MAJOR_PROJECT = "major_project", _("Major project: high impact, high effort")
    QUICK_FIX = "quick_fix", _("Small fix: low impact, low effort")
    QUESTIONABLE = "questionable", _("Reconsider: low impact, high effort")
    NOT_ASSESSED = "not_assessed", _("Impact and effort not yet assessed")


class BenchmarkingVisit(models.Model):
    """A visit to learn from another unit or organisation, or their visit to learn from us."""

    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="benchmarking_visits"
    )
    we_visited = models.BooleanField(
        _("we visited them"), help_text=_("Leave unticked if they visited the unit.")
    )
    partner_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner unit in Lotsa"),
    )
    partner_name = models.CharField(_("partner organisation"), max_length=200, blank=True)
    visited_on = models.DateField(_("date of the visit"))
    topic = models.CharField(_("what we compared"), max_length=300)
    learned = models.TextField(_("what we learned"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner_unit__isnull=False) | ~Q(partner_name=""),
                name="benchmarking_visit_has_a_partner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.partner}"

    @property
    def partner(self) -> str:
        return self.partner_name or str(self.partner_unit)


class Improvement(models.Model):
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="improvements"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    source_detail = models.CharField(
        _("where it comes from"),
        max_length=300,
        blank=True,
        help_text=_("The process step, survey question or deviation it comes from."),
    )
    # A fidelity recommendation taken into the register: the review and item come with it.
    fidelity_action = models.OneToOneField(
        "fidelity.ImprovementAction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvement",
    )
    benchmarking_visit = models.ForeignKey(
        BenchmarkingVisit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvements",
        verbose_name=_("benchmarking visit"),
    )
    impact = models.CharField(_("impact"), max_length=8, choices=Level.choices, blank=True)
    effort = models.CharField(_("effort"), max_length=8, choices=Level.choices, blank=True)
    within_mandate = models.BooleanField(_("the unit has the mandate"), default=True)
    decided_by = models.CharField(
        _("who decides"),
        max_length=200,
        blank=True,
        help_text=_("Where the unit cannot decide by itself."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_improvements",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ImprovementStatus.choices,
        default=ImprovementStatus.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["status", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(within_mandate=True) | ~Q(decided_by=""),
                name="improvement_outside_mandate_names_who_decides",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def quadrant(self) -> Quadrant:
        return quadrant_of(self.impact, self.effort)


def quadrant_of(impact: str, effort: str) -> Quadrant:
    if not impact or not effort:
        return Quadrant.NOT_ASSESSED
    high_impact, low_effort = impact == Level.HIGH, effort == Level.LOW
    if high_impact:
        return Quadrant.LOW_HANGING_FRUIT if low_effort else Quadrant.MAJOR_PROJECT
    return Quadrant.QUICK_FIX if low_effort else Quadrant.QUESTIONABLE


class Decision(models.TextChoices):
    ADOPT = "adopt", _("Adopt: make it the way we work")
    ADAPT = "adapt", _("Adapt: change it and run another cycle")
    ABANDON = "abandon", _("Abandon")


class PdsaCycle(models.Model):
    """One plan–do–study–act cycle of an improvement. Each step is dated and signed by whoever
    recorded it, and the steps come in order: the database holds the order as well as the
    service, so no import or data fix can leave a study without the doing before it."""

    improvement = models.ForeignKey(Improvement, on_delete=models.PROTECT, related_name="cycles")
    number = models.PositiveSmallIntegerField()
    what = models.TextField(_("what we will try"), max_length=2000)
    prediction = models.TextField(_("what we expect to happen"), max_length=2000)
    measure = models.CharField(_("how we will know"), max_length=300)
    planned_on = models.DateField(_("planned on"))
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    do_notes = models.TextField(_("how it went"), max_length=2000, blank=True)
    studied_on = models.DateField(_("studied on"), null=True, blank=True)
    studied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result = models.TextField(_("the measure's result"), max_length=2000, blank=True)
    acted_on = models.DateField(_("decided on"), null=True, blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    act_notes = models.TextField(_("what happens next"), max_length=2000, blank=True)

    class Meta:
        ordering = ["improvement_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["improvement", "number"], name="pdsa_cycle_number"),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(done_on__gte=F("planned_on")),
                name="pdsa_done_after_planned",
            ),
            models.CheckConstraint(
                condition=Q(studied_on__isnull=True)
                | Q(done_on__isnull=False, studied_on__gte=F("done_on")),
                name="pdsa_studied_after_done",
            ),
            models.CheckConstraint(
                condition=Q(acted_on__isnull=True, decision="")
                | (Q(studied_on__isnull=False, acted_on__gte=F("studied_on")) & ~Q(decision="")),
                name="pdsa_acted_after_studied",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.improvement_id} PDSA {self.number}"

    @property
    def step(self) -> str:
        """The next step to record: do, study, act, or "" when the cycle is closed."""
        if self.done_on is None:
            return "do"
        if self.studied_on is None:
            return "study"
        if self.acted_on is None:
            return "act"
        return ""


class CourseKind(models.TextChoices):
    MOTIVATIONAL_INTERVIEWING = "mi", _("Motivational interviewing")
    IPS = "ips", _("IPS training")
    NPF = "npf", _("Neuropsychiatric disabilities (NPF)")
    OTHER = "other", _("Other course")


class TrainingRecord(models.Model):
    """A course a member of staff has taken. It belongs to the person, so it follows them from
    unit to unit; a unit's competence overview reads its members' records."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_records"
    )
    kind = models.CharField(_("kind of course"), max_length=8, choices=CourseKind.choices)
    course_name = models.CharField(_("course"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    completed_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    certificate = models.BooleanField(_("certificate"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=1000), name="training_hours_in_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_name} {self.completed_on}"
