"""A JOM course: the cohort as the jobcentre and its provider run it, under organisation model
1, 2 or 3."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONDAY_TO_THURSDAY = [0, 1, 2, 3]


def default_teaching_weekdays() -> list[int]:
    return list(MONDAY_TO_THURSDAY)


class CourseTask(models.TextChoices):
    """The tasks the organisation model shares out between the jobcentre and others."""

    ADMISSION = "admission", _("Admission")
    TEACHING = "teaching", _("Teaching")
    MENTORING = "mentoring", _("Mentor function")
    INTERNSHIP_AGREEMENTS = "internship_agreements", _("Making internship agreements")
    INTERNSHIP_FOLLOW_UP = "internship_follow_up", _("Follow-up during the internship")


class Party(models.TextChoices):
    """Who does a task: the provider under contract, the jobcentre itself, or another partner
    (for example psychiatry, which shares the mentor function in model 2)."""

    PROVIDER = "provider", _("External provider")
    JOBCENTRE = "jobcentre", _("Jobcentre")
    PARTNER = "partner", _("Other external partner")


class OrganisationModel(models.IntegerChoices):
    MODEL_1 = 1, _("Model 1: the provider runs most of the course")
    MODEL_2 = 2, _("Model 2: the provider teaches, the jobcentre makes internship agreements")
    MODEL_3 = 3, _("Model 3: the jobcentre also provides the mentors")


_P, _J, _X = Party.PROVIDER, Party.JOBCENTRE, Party.PARTNER
# Who does what under each model (the JOM guide's table of organisation models). In model 1
# the jobcentre's project leader takes part in admission; company consultants make the
# internship agreements in models 2 and 3 and follow up internships in all three.
ORGANISATION_MODELS: dict[int, dict[CourseTask, frozenset[Party]]] = {
    1: {
        CourseTask.ADMISSION: frozenset({_P, _J}),
        CourseTask.TEACHING: frozenset({_P}),
        CourseTask.MENTORING: frozenset({_P}),
        CourseTask.INTERNSHIP_AGREEMENTS: frozenset({_P}),
        CourseTask.INTERNSHIP_FOLLOW_UP: frozenset({_J}),
    },
    2: {
        CourseTask.ADMISSION: frozenset({_P}),
        CourseTask.TEACHING: frozenset({_P}),
        CourseTask.MENTORING: frozenset({_X, _J}),
        CourseTask.INTERNSHIP_AGREEMENTS: frozenset({_J}),
        CourseTask.INTERNSHIP_FOLLOW_UP: frozenset({_J}),
    },
    3: {
        CourseTask.ADMISSION: frozenset({_P}),
        CourseTask.TEACHING: frozenset({_P}),
        CourseTask.MENTORING: frozenset({_J}),
        CourseTask.INTERNSHIP_AGREEMENTS: frozenset({_J}),
        CourseTask.INTERNSHIP_FOLLOW_UP: frozenset({_J}),
    },
}


class Course(models.Model):
    """A cohort of the JOM model with its organisation model and the shape of its timetable."""

    cohort = models.OneToOneField(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="course", verbose_name=_("cohort")
    )
    organisation_model = models.PositiveSmallIntegerField(
        _("organisation model"), choices=OrganisationModel.choices
    )
    preparation_weeks = models.PositiveSmallIntegerField(
        _("preparation (weeks)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    teaching_weeks = models.PositiveSmallIntegerField(
        _("teaching (weeks)"), choices=[(2, "2"), (4, "4")], default=4
    )
    teaching_weekdays = models.JSONField(_("teaching days"), default=default_teaching_weekdays)
    internship_weeks = models.PositiveSmallIntegerField(
        _("internship (weeks)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    internship_teaching_weekday = models.PositiveSmallIntegerField(
        _("teaching day during the internship"),
        default=4,
        validators=[MaxValueValidator(6)],
        help_text=_("The weekday participants come back for teaching while in internship."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    venue_note = models.TextField(
        _("how participants experience the venue"), max_length=2000, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation_model__in=[1, 2, 3]), name="course_organisation_model"
            ),
            models.CheckConstraint(
                condition=Q(preparation_weeks__gte=1, preparation_weeks__lte=4),
                name="course_preparation_weeks",
            ),
            models.CheckConstraint(
                condition=Q(teaching_weeks__in=[2, 4]), name="course_teaching_weeks"
            ),
            models.CheckConstraint(
                condition=Q(internship_teaching_weekday__lte=6), name="course_internship_weekday"
            ),
        ]

    def __str__(self) -> str:
        return str(self.cohort)

    def parties_for(self, task: CourseTask) -> frozenset[Party]:
        return ORGANISATION_MODELS[self.organisation_model][task]
