"""A work unit's daily work: the weekly schedules its participants read, the incidents of a
workday and the record of each monthly compensation basis sent to payroll. Attendance itself
is the daily work group's (``cohorts.Attendance``: one session per workday)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class WeeklySchedule(models.Model):
    """The week's plan of a work unit, from its Monday, as its staff write it. Its participants
    read the version last published (``versions``), not the lines being written."""

    work_unit = models.ForeignKey(
        "worktraining.WorkUnit",
        on_delete=models.PROTECT,
        related_name="schedules",
        verbose_name=_("work unit"),
    )
    week_starting = models.DateField(_("week starting"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-week_starting"]
        verbose_name = _("weekly schedule")
        verbose_name_plural = _("weekly schedules")
        constraints = [
            models.UniqueConstraint(
                fields=["work_unit", "week_starting"], name="schedule_once_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_unit} {self.week_starting:%Y-%m-%d}"


class ScheduleLine(models.Model):
    """What a line of a week says: the day, the hours and the work (for one participant, or for
    the whole group when none is named)."""

    weekday = models.PositiveSmallIntegerField(
        _("weekday"), validators=[MinValueValidator(0), MaxValueValidator(6)]
    )
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    activity = models.CharField(_("work task or activity"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        abstract = True
        ordering = ["weekday", "starts_at", "id"]

    def says(self) -> tuple[object, ...]:
        """What the line tells its reader, to compare a week's lines with a version's."""
        return tuple(getattr(self, name) for name in LINE_FIELDS)


# What a line says, the participant it is for included: copied into each published version.
LINE_FIELDS = ("enrolment_id", "weekday", "starts_at", "ends_at", "activity", "place", "note")


class ScheduleEntry(ScheduleLine):
    """One line of the week being written."""

    schedule = models.ForeignKey(WeeklySchedule, on_delete=models.CASCADE, related_name="entries")
    enrolment = models.ForeignKey(
        "pathways.Enrolment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schedule_entries",
        verbose_name=_("participant"),
    )

    class Meta(ScheduleLine.Meta):
        verbose_name = _("schedule entry")
        verbose_name_plural = _("schedule entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6), name="schedule_entry_weekday"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="schedule_entry_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schedule} {self.weekday} {self.starts_at:%H:%M}"


class ScheduleVersion(models.Model):
    """A week's schedule as it was published: what its participants read from then until the
    week is published again. Every version is kept, so that staff can see what the participants
    were shown before a change."""

    schedule = models.ForeignKey(WeeklySchedule, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["schedule", "-number"]
        verbose_name = _("published schedule")
        verbose_name_plural = _("published schedules")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "number"], name="schedule_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule} v{self.number}"


class ScheduleVersionLine(ScheduleLine):
    """A line of the week as a version published it."""

    version = models.ForeignKey(ScheduleVersion, on_delete=models.CASCADE, related_name="lines")
    enrolment = models.ForeignKey(
        "pathways.Enrolment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("participant"),
    )

    class Meta(ScheduleLine.Meta):
        verbose_name = _("published schedule line")
        verbose_name_plural = _("published schedule lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="schedule_version_line_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.weekday} {self.starts_at:%H:%M}"


class IncidentKind(models.TextChoices):
    ALCOHOL_OR_DRUGS = "alcohol_or_drugs", _("Alcohol or drugs")
    CONFLICT = "conflict", _("Conflict or threat")
    HEALTH = "health", _("Illness or injury")
    REFUSAL = "refusal", _("Refused the work or the rules")
    OTHER = "other", _("Other")


class Incident(models.Model):
    """Something that happened on a workday and what the work unit did about it. It may hold
    health and substance-use facts: each opening is logged on its own."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="incidents"
    )
    work_unit = models.ForeignKey(
        "worktraining.WorkUnit",
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("work unit"),
    )
    occurred_at = models.DateTimeField(_("when"))
    kind = models.CharField(_("what happened"), max_length=32, choices=IncidentKind.choices)
    breath_test_per_mille = models.DecimalField(
        _("breath test (per mille)"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    written_warning = models.BooleanField(_("written warning given"), default=False)
    sent_home = models.BooleanField(_("sent home"), default=False)
    without_compensation = models.BooleanField(_("without compensation for the day"), default=False)
    return_condition = models.CharField(_("condition for coming back"), max_length=500, blank=True)
    note = models.TextField(_("what happened and what was done"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(breath_test_per_mille__isnull=True)
                | models.Q(kind="alcohol_or_drugs", breath_test_per_mille__gte=0),
                name="incident_breath_test_only_for_alcohol",
            ),
            models.CheckConstraint(
                condition=models.Q(without_compensation=False) | models.Q(sent_home=True),
                name="incident_without_compensation_only_when_sent_home",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work_unit} {self.occurred_at:%Y-%m-%d} {self.kind}"


class CompensationExport(models.Model):
    """That a month's compensation basis of a work unit went to payroll: when, by whom, for how
    many participants."""

    work_unit = models.ForeignKey(
        "worktraining.WorkUnit", on_delete=models.PROTECT, related_name="compensation_exports"
    )
    month = models.DateField(_("month"))
    exported_at = models.DateTimeField(auto_now_add=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rows = models.PositiveIntegerField(_("participants"))

    class Meta:
        ordering = ["-exported_at"]
        verbose_name = _("compensation basis export")
        verbose_name_plural = _("compensation basis exports")

    def __str__(self) -> str:
        return f"{self.work_unit} {self.month:%Y-%m}"
