"""A JOM course: the cohort as the jobcentre and its provider run it, under organisation model
1, 2 or 3."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONDAY_TO_THURSDAY = [0, 1, 2, 3]


def edit_version() -> models.PositiveIntegerField[int, int]:
    """A record's version: it counts the saved changes. An edit names the version it was made
    from, and one made from an older version (someone else saved in between) is refused
    instead of overwriting theirs."""
    return models.PositiveIntegerField(default=1, db_default=1, editable=False)


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
    provider_contract = models.ForeignKey(
        "ProviderContract",
        on_delete=models.PROTECT,
        related_name="courses",
        null=True,
        blank=True,
        verbose_name=_("provider contract"),
    )
    target_group = models.ForeignKey(
        "TargetGroup",
        on_delete=models.PROTECT,
        related_name="courses",
        null=True,
        blank=True,
        verbose_name=_("target group"),
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
    version = edit_version()

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


class ContractTaskKind(models.TextChoices):
    TEACHING = "teaching", _("Teaching")
    ADMISSION = "admission", _("Admission")
    ABSENCE_FOLLOW_UP = "absence_follow_up", _("Following up absence")
    MENTORING = "mentoring", _("Mentor function")
    FINDING_INTERNSHIPS = "finding_internships", _("Finding internships")
    DEVELOPMENT_NOTES = "development_notes", _("Weekly development notes")
    OTHER = "other", _("Other")


class ProviderContract(models.Model):
    """The jobcentre's contract with an external provider for its JOM courses: what the
    provider does and for how many hours, what it reports and how often, and the jobcentre's
    fixed contact person for the provider."""

    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="provider_contracts",
        verbose_name=_("unit"),
    )
    provider = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="provider_contracts",
        verbose_name=_("provider"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("the jobcentre's contact person"),
    )
    reporting_duty = models.TextField(
        _("reporting duty"),
        max_length=2000,
        blank=True,
        help_text=_(
            "What the provider reports to the jobcentre, for example attendance and "
            "development notes on each participant."
        ),
    )
    reporting_every_days = models.PositiveSmallIntegerField(
        _("reports every (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(92)],
    )
    weekly_phone_meeting = models.BooleanField(_("weekly phone meeting"), default=False)
    finds_internships = models.BooleanField(_("the provider finds internships"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = edit_version()

    class Meta:
        ordering = ["-valid_from", "id"]
        verbose_name = _("provider contract")
        verbose_name_plural = _("provider contracts")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="provider_contract_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} – {self.unit}"


class ContractTask(models.Model):
    contract = models.ForeignKey(ProviderContract, on_delete=models.CASCADE, related_name="tasks")
    task = models.CharField(_("task"), max_length=32, choices=ContractTaskKind.choices)
    hours_budgeted = models.DecimalField(
        _("hours"),
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "task"], name="contract_task_once"),
            models.CheckConstraint(
                condition=Q(hours_budgeted__gte=0), name="contract_task_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_task_display()}: {self.hours_budgeted}"


class ProviderReport(models.Model):
    """The provider's weekly report on a course's cohort: the week's attendance is read from
    the cohort's own records, the development notes are written here."""

    contract = models.ForeignKey(ProviderContract, on_delete=models.PROTECT, related_name="reports")
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="provider_reports"
    )
    week_starting = models.DateField(_("week starting"))
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-week_starting"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "cohort", "week_starting"], name="provider_report_once_a_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} {self.week_starting:%Y-%m-%d}"


class DevelopmentNote(models.Model):
    report = models.ForeignKey(ProviderReport, on_delete=models.CASCADE, related_name="notes")
    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="jom_development_notes"
    )
    note = models.TextField(_("development"), max_length=4000)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "enrolment"], name="development_note_once"),
        ]

    def __str__(self) -> str:
        return f"{self.report} #{self.enrolment_id}"


class DiagnosisGroup(models.TextChoices):
    ADHD = "adhd", _("ADHD")
    ANXIETY = "anxiety", _("Anxiety")
    DEPRESSION = "depression", _("Depression")
    OTHER = "other", _("Other mental ill-health")


def default_diagnosis_groups() -> list[str]:
    return [DiagnosisGroup.ADHD, DiagnosisGroup.ANXIETY, DiagnosisGroup.DEPRESSION]


class TargetGroup(models.Model):
    """Who a unit's JOM courses are for. Admission compares a person with it, as advice:
    the decision stays with the party the organisation model names."""

    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="jom_target_groups"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    age_min = models.PositiveSmallIntegerField(
        _("youngest age"), default=18, validators=[MaxValueValidator(99)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("oldest age"), default=30, validators=[MaxValueValidator(99)]
    )
    diagnosis_groups = models.JSONField(_("diagnosis groups"), default=default_diagnosis_groups)
    treatment_required = models.BooleanField(_("treatment required"), default=True)
    treatment_definition = models.TextField(
        _("what counts as treatment"), max_length=2000, blank=True
    )
    substance_free_days = models.PositiveSmallIntegerField(
        _("days without substance use"),
        default=30,
        validators=[MaxValueValidator(365)],
        help_text=_("How long a person should have been without alcohol or drugs."),
    )
    requires_openness_to_groups = models.BooleanField(_("open to group teaching"), default=True)
    excludes_marked_cognitive_barriers = models.BooleanField(
        _("not for marked cognitive barriers"), default=True
    )
    development_goals = models.TextField(_("development goals"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = edit_version()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="target_group_name_in_unit"),
            models.CheckConstraint(
                condition=Q(age_max__gte=models.F("age_min")), name="target_group_age_band"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TreatmentStatus(models.TextChoices):
    IN_TREATMENT = "in_treatment", _("In treatment")
    NOT_IN_TREATMENT = "not_in_treatment", _("Not in treatment")
    NONE_NEEDED = "none_needed", _("No treatment needed")


class SubstanceUse(models.TextChoices):
    NONE = "none", _("None")
    IN_TREATMENT = "in_treatment", _("In treatment for substance use")
    ACTIVE = "active", _("Active use")


class CognitiveBarriers(models.TextChoices):
    NONE = "none", _("None")
    SOME = "some", _("Some")
    MARKED = "marked", _("Marked")


class AdmissionDecision(models.TextChoices):
    PENDING = "pending", _("Not yet decided")
    ADMITTED = "admitted", _("Admitted")
    NOT_ADMITTED = "not_admitted", _("Not admitted")


class AdmissionAssessment(models.Model):
    """The admission interview's assessment of a referred person for a course: what the
    interview found, the advice read from the target group, and the decision with who took it."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="jom_admissions"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="admissions")
    interview_held_on = models.DateField(_("admission interview held on"))
    diagnosis_group = models.CharField(
        _("diagnosis group"), max_length=16, choices=DiagnosisGroup.choices
    )
    treatment_status = models.CharField(
        _("treatment"), max_length=20, choices=TreatmentStatus.choices
    )
    substance_use = models.CharField(
        _("alcohol or drugs"), max_length=16, choices=SubstanceUse.choices
    )
    last_use_on = models.DateField(_("last use of alcohol or drugs"), null=True, blank=True)
    cognitive_barriers = models.CharField(
        _("cognitive barriers"), max_length=8, choices=CognitiveBarriers.choices
    )
    open_to_group_work = models.BooleanField(_("open to group teaching"))
    note = models.TextField(_("what the interview found"), max_length=4000, blank=True)
    # The codes of the target group's criteria the person did not meet when assessed.
    advisory = models.JSONField(_("advice"), default=list, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(
        _("decision"),
        max_length=16,
        choices=AdmissionDecision.choices,
        default=AdmissionDecision.PENDING,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("decided by"),
    )
    decided_for = models.CharField(
        _("decided for"), max_length=16, choices=Party.choices, blank=True
    )
    reason = models.CharField(_("reason"), max_length=32, blank=True)
    reason_note = models.TextField(_("why"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-interview_held_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(decision="pending"),
                name="admission_one_pending_per_enrolment",
            ),
            models.CheckConstraint(
                condition=~Q(decision="not_admitted") | ~Q(reason=""),
                name="admission_not_admitted_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} #{self.enrolment_id}: {self.decision}"


class Block(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    TEACHING = "teaching", _("Teaching")
    INTERNSHIP = "internship", _("Internship")


class Module(models.TextChoices):
    BONDING = "bonding", _("Getting to know each other")
    COPING = "coping", _("Coping strategies")
    PHYSICAL_TRAINING = "physical_training", _("Physical training")
    DIET_NUTRITION = "diet_nutrition", _("Diet and health")
    INTERNSHIP_PREPARATION = "internship_preparation", _("Preparing for the internship")
    INDIVIDUAL_CONVERSATIONS = "individual_conversations", _("Individual conversations")
    SMALL_GROUPS = "small_groups", _("Small groups")
    WEEKLY_TEACHING_DAY = "weekly_teaching_day", _("Weekly teaching day")
    OTHER = "other", _("Other")


class Profession(models.TextChoices):
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    HEALTH_PROFESSIONAL = "health_professional", _("Health professional")
    PHYSICAL_TRAINER = "physical_trainer", _("Physical trainer")
    COMPANY_CONSULTANT = "company_consultant", _("Company consultant")
    OTHER = "other", _("Other")


class SessionPlan(models.Model):
    """What a session of a course's timetable holds. Generated with the timetable; once
    edited by hand, a new generation leaves it as it is."""

    session = models.OneToOneField("cohorts.Session", on_delete=models.CASCADE, related_name="plan")
    block = models.CharField(_("part of the course"), max_length=16, choices=Block.choices)
    week_number = models.PositiveSmallIntegerField(_("week"))
    module = models.CharField(_("module"), max_length=32, choices=Module.choices)
    profession = models.CharField(_("profession"), max_length=32, choices=Profession.choices)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("teacher"),
    )
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("Blank: the course's venue.")
    )
    edited = models.BooleanField(default=False)
    version = edit_version()

    class Meta:
        ordering = ["session__starts_at"]

    def __str__(self) -> str:
        return f"{self.session}: {self.module}"
