"""Employers, job development, jobs, vocational profiles and benefits counselling."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotsa.core.choices import Country


class Sector(models.TextChoices):
    PRIVATE = "private", _("Private")
    PUBLIC = "public", _("Public")
    NON_PROFIT = "non_profit", _("Non-profit")


class Employer(models.Model):
    """An employer coaches develop jobs with. Shared by all units of the installation."""

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    organisation_number = models.CharField(_("organisation number"), max_length=20, unique=True)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    industry_code = models.CharField(_("industry code"), max_length=10, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Counts the saved changes: an edit names the version it was made from, and one made from
    # an older version (someone else saved in between) is refused instead of overwriting theirs.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="contact_persons")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("role"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ContactPurpose(models.TextChoices):
    FIRST_MEETING = "first_meeting", _("First meeting / learning the employer's needs")
    PRESENT_CANDIDATE = "present_candidate", _("Presenting a candidate")
    FOLLOW_UP = "follow_up", _("Follow-up")
    INFORMATION = "information", _("Information meeting for employers")
    OTHER = "other", _("Other")


class EmployerContact(models.Model):
    """One job-development contact with an employer, general or on behalf of participants."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="contacts")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="employer_contacts"
    )
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="employer_contacts"
    )
    occurred_on = models.DateField(_("date"))
    face_to_face = models.BooleanField(_("face to face"), default=True)
    participant_present = models.BooleanField(_("participant present"), default=False)
    enrolments = models.ManyToManyField(
        "pathways.Enrolment",
        blank=True,
        related_name="employer_contacts",
        verbose_name=_("on behalf of"),
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=ContactPurpose.choices)
    outcome = models.TextField(_("outcome"), max_length=2000, blank=True)
    next_step = models.CharField(_("next step"), max_length=500, blank=True)
    next_step_on = models.DateField(_("next step by"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["staff", "occurred_on"], name="employer_contact_staff_day"),
            models.Index(fields=["employer", "occurred_on"], name="employer_contact_history"),
            models.Index(fields=["unit", "occurred_on"], name="employer_contact_unit_day"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.occurred_on}"


class JobForm(models.TextChoices):
    OPEN_MARKET = "open_market", _("Job on the open labour market")
    SUBSIDISED = (
        "subsidised",
        _("Subsidised employment (e.g. lönebidrag, nystartsjobb, OSA, flexjob, skånejob)"),
    )
    INTERNSHIP = "internship", _("Internship / work placement")
    VOLUNTEER = "volunteer", _("Volunteer work")
    OTHER = "other", _("Other")


# The competitive-job rule as a database condition on jobs, for the reports and the index of
# competitive jobs; ``employment.rules`` holds it in words (a test keeps the two in agreement).
COMPETITIVE = Q(
    form=JobForm.OPEN_MARKET,
    reserved_for_disability=False,
    paid_customary_wage=True,
    time_limited_by_programme=False,
)


class Disclosure(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PARTLY = "partly", _("Partly")


class JobEndReason(models.TextChoices):
    QUIT = "quit", _("Quit")
    DISMISSED = "dismissed", _("Dismissed")
    TEMPORARY_ENDED = "temporary_ended", _("Temporary job ended")
    BETTER_JOB = "better_job", _("Got a better job")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class Currency(models.TextChoices):
    SEK = "SEK", "SEK"
    DKK = "DKK", "DKK"
    EUR = "EUR", "EUR"


class Job(models.Model):
    """A job a participant holds (several at once are possible). Competitive is derived."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="jobs"
    )
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="jobs")
    title = models.CharField(_("job title"), max_length=200)
    occupation_code = models.CharField(_("occupation code"), max_length=4)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    # A job start counts in the outcome reports only once four paid hours have been worked.
    four_paid_hours_on = models.DateField(
        _("four paid hours worked by"),
        null=True,
        blank=True,
        help_text=_("The day the participant had worked at least four paid hours in the job."),
    )
    hourly_wage = models.DecimalField(
        _("hourly wage"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    form = models.CharField(_("form of employment"), max_length=16, choices=JobForm.choices)
    permanent = models.BooleanField(_("permanent"), default=False)
    paid_customary_wage = models.BooleanField(
        _("paid at least the customary wage for the work"), default=True
    )
    reserved_for_disability = models.BooleanField(
        _("reserved for people with disabilities"), default=False
    )
    time_limited_by_programme = models.BooleanField(_("time-limited by a programme"), default=False)
    disclosure = models.CharField(
        _("condition disclosed to the employer"),
        max_length=8,
        choices=Disclosure.choices,
        blank=True,
    )
    disclosure_on = models.DateField(_("disclosed on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason the job ended"), max_length=16, choices=JobEndReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Counts the saved changes: an edit names the version it was made from, and one made from
    # an older version (someone else saved in between) is refused instead of overwriting theirs.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    # Not stored: set on the jobs of a case page (``employment_record``) from ``is_competitive``.
    competitive: bool

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["enrolment", "starts_on"], name="job_enrolment_start"),
            # The reports look for jobs that count (four paid hours worked), and competitive
            # ones, by start day across a whole programme; these answer from the index alone.
            models.Index(
                fields=["starts_on"],
                include=["enrolment"],
                condition=Q(four_paid_hours_on__isnull=False),
                name="job_counted_start",
            ),
            models.Index(
                fields=["starts_on"],
                include=["ends_on", "enrolment"],
                condition=COMPETITIVE & Q(four_paid_hours_on__isnull=False),
                name="job_competitive_start",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="job_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=0), name="job_hours_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(hourly_wage__isnull=True) | Q(hourly_wage__gte=0),
                name="job_wage_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.employer}"


# What a job records about itself, its employer apart.
JOB_DETAILS = (
    "title",
    "occupation_code",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "four_paid_hours_on",
    "hourly_wage",
    "currency",
    "form",
    "permanent",
    "paid_customary_wage",
    "reserved_for_disability",
    "time_limited_by_programme",
    "disclosure",
    "disclosure_on",
    "end_reason",
)


class VocationalProfile(models.Model):
    """One dated version of a participant's vocational (career) profile."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="profiles"
    )
    version = models.PositiveIntegerField()
    written_on = models.DateField(_("date"))
    work_history = models.TextField(_("work history"), max_length=4000, blank=True)
    education = models.TextField(_("education"), max_length=2000, blank=True)
    preferred_jobs = models.TextField(_("preferred kinds of job"), max_length=2000, blank=True)
    preferred_hours = models.CharField(_("preferred hours"), max_length=200, blank=True)
    preferred_location = models.CharField(_("preferred location"), max_length=200, blank=True)
    strengths = models.TextField(_("strengths"), max_length=2000, blank=True)
    for_employers = models.TextField(
        _("what the participant wants employers to know"), max_length=2000, blank=True
    )
    disclosure_preference = models.CharField(
        _("disclosure preference"), max_length=8, choices=Disclosure.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "version"], name="profile_version_once")
        ]

    def __str__(self) -> str:
        return f"#{self.version} {self.written_on}"


# What a version of the vocational profile records, its number apart.
PROFILE_DETAILS = (
    "written_on",
    "work_history",
    "education",
    "preferred_jobs",
    "preferred_hours",
    "preferred_location",
    "strengths",
    "for_employers",
    "disclosure_preference",
)


class CounsellingProvider(models.TextChoices):
    COACH = "coach", _("The coach")
    FK = "fk", _("Försäkringskassan")
    AF = "af", _("Arbetsförmedlingen")
    SOCIAL_SERVICES = "social_services", _("Social services")
    UNEMPLOYMENT_FUND = "unemployment_fund", _("Unemployment insurance fund (a-kassa)")
    OTHER = "other", _("Other")


class BenefitsCounselling(models.Model):
    """Counselling on how work affects the participant's benefits and income."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="benefits_counselling"
    )
    offered_on = models.DateField(_("offered on"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    provider = models.CharField(_("by"), max_length=20, choices=CounsellingProvider.choices)
    counsellor = models.CharField(_("counsellor"), max_length=200, blank=True)
    topics = models.TextField(_("topics"), max_length=2000, blank=True)
    questions_answered = models.TextField(
        _("the participant's questions answered"), max_length=2000, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-offered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__isnull=True) | Q(held_on__gte=models.F("offered_on")),
                name="counselling_held_after_offer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} {self.offered_on}"
