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


class FunctionalRequirement(models.TextChoices):
    """What a task asks of the person doing it (the functional requirements of a work analysis)."""

    PUNCTUALITY = "punctuality", _("Punctuality")
    PROTECTIVE_EQUIPMENT = "protective_equipment", _("Using protective equipment")
    DANGEROUS_MACHINES = "dangerous_machines", _("Working with dangerous machines")
    ATTENTION = "attention", _("Attention")
    REACTION_SPEED = "reaction_speed", _("Reaction speed")
    ENDURANCE = "endurance", _("Endurance")
    PLANNING = "planning", _("Planning")
    STRENGTH = "strength", _("Physical strength")
    COOPERATION = "cooperation", _("Cooperation")
    OTHER = "other", _("Other requirement")


class RequirementLevel(models.IntegerChoices):
    LOW = 1, _("1 – some")
    MEDIUM = 2, _("2 – considerable")
    HIGH = 3, _("3 – high")


class WorkTask(models.Model):
    """A task in a work unit's catalogue: its steps, what it asks of the person, the knowledge
    it needs and the occupations on the labour market that need the same."""

    work_unit = models.ForeignKey(
        WorkUnit, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("work unit")
    )
    name = models.CharField(_("name"), max_length=200)
    # One step per line, in order.
    steps = models.JSONField(_("steps"), default=list, blank=True)
    knowledge_needed = models.TextField(
        _("knowledge or training needed"), max_length=2000, blank=True
    )
    # Codes of the country's occupation classification (SSYK 2012 or DISCO-08).
    occupation_codes = models.JSONField(_("occupations that need it"), default=list, blank=True)
    is_active = models.BooleanField(_("in the catalogue"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("work task")
        verbose_name_plural = _("work tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["work_unit", "name"], name="work_task_name_unique_in_work_unit"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TaskRequirement(models.Model):
    task = models.ForeignKey(
        WorkTask, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("task")
    )
    requirement = models.CharField(
        _("functional requirement"), max_length=32, choices=FunctionalRequirement.choices
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=RequirementLevel.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["requirement"]
        verbose_name = _("functional requirement of a task")
        verbose_name_plural = _("functional requirements of a task")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "requirement"], name="task_requirement_once_per_task"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=3), name="task_requirement_level_1_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_requirement_display()} {self.level}"
