"""A JOM participant's internship: the agreement guide (aftaleguide) with its versions and three
signatures, the readiness decision, the internship with its follow-ups and attendance, mentor and
transport support, and the aftercare that follows the course."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotsa.cohorts.models import AttendanceStatus
from lotsa.jom.models.course import edit_version

MOST_POSTPONED_WEEKS = 2


class AgreementSection(models.TextChoices):
    """The parts of the agreement guide; the company sees only those the participant shares."""

    PURPOSE = "purpose", _("Purpose of the internship")
    TERMS = "terms", _("Terms: hours, tasks and the workplace")
    SUPPORT_NEEDS = "support_needs", _("Support needs")
    NETWORK_SUPPORT = "network_support", _("Support from the network")
    SUPPORT_WHEN = "support_when", _("When support is needed")
    WARNING_SIGNS = "warning_signs", _("Warning signs")
    CRISIS_SUPPORT = "crisis_support", _("Crisis plan: what helps")
    WISHED_PLACE = "wished_place", _("Wished kind of workplace")
    WISHED_COMPANY = "wished_company", _("Wished company")
    COMPANY_MAY_KNOW = "company_may_know", _("What the company may know, in my own words")


SECTION_CODES = tuple(AgreementSection.values)


class InternshipAgreement(models.Model):
    """One version of a participant's agreement guide. Locked once the participant, the company
    and the jobcentre have signed it; a change after any signature is a new version, so that
    nobody's signature covers words they did not see."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="internship_agreements"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    employer = models.ForeignKey(
        "employment.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("company"),
    )
    purpose = models.TextField(_("purpose of the internship"), max_length=4000, blank=True)
    terms = models.TextField(
        _("terms: hours, tasks and the workplace"), max_length=4000, blank=True
    )
    support_needs = models.TextField(_("support needs"), max_length=4000, blank=True)
    network_support = models.TextField(_("support from the network"), max_length=4000, blank=True)
    support_when = models.TextField(_("when support is needed"), max_length=4000, blank=True)
    warning_signs = models.TextField(_("warning signs"), max_length=4000, blank=True)
    crisis_support = models.TextField(_("crisis plan: what helps"), max_length=4000, blank=True)
    wished_place = models.TextField(_("wished kind of workplace"), max_length=2000, blank=True)
    wished_company = models.TextField(_("wished company"), max_length=2000, blank=True)
    company_may_know = models.TextField(
        _("what the company may know, in my own words"), max_length=4000, blank=True
    )
    shared_sections = models.JSONField(_("parts the company may see"), default=list, blank=True)
    consent_given_on = models.DateField(
        _("consent to share with the company given on"), null=True, blank=True
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)
    participant_signed_on = models.DateField(_("signed by the participant"), null=True, blank=True)
    # Null with a date: the participant signed in their own space, not on paper.
    participant_signature_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    company_signed_on = models.DateField(_("signed by the company"), null=True, blank=True)
    company_signatory = models.ForeignKey(
        "employment.ContactPerson",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed for the company by"),
    )
    jobcentre_signed_on = models.DateField(_("signed by the jobcentre"), null=True, blank=True)
    jobcentre_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["enrolment", "-version"]
        verbose_name = _("internship agreement")
        verbose_name_plural = _("internship agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "version"], name="internship_agreement_version_once"
            ),
            models.CheckConstraint(
                condition=Q(company_signed_on__isnull=True) | Q(company_signatory__isnull=False),
                name="internship_agreement_company_signatory",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} v{self.version}"

    @property
    def signed_by_anyone(self) -> bool:
        return any(
            day is not None
            for day in (
                self.participant_signed_on,
                self.company_signed_on,
                self.jobcentre_signed_on,
            )
        )

    @property
    def locked(self) -> bool:
        return all(
            day is not None
            for day in (
                self.participant_signed_on,
                self.company_signed_on,
                self.jobcentre_signed_on,
            )
        )


class InternshipKind(models.TextChoices):
    FULL = "full", _("Full internship")
    REDUCED = "reduced", _("Reduced hours")
    TASTER = "taster", _("Taster days")


class Readiness(models.TextChoices):
    FULL = "full", _("Ready for a full internship")
    REDUCED = "reduced", _("Ready for an internship with reduced hours")
    TASTER = "taster", _("Ready for taster days")
    POSTPONED = "postponed", _("Internship postponed")


class ReadinessDecision(models.Model):
    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="internship_readiness"
    )
    decided_on = models.DateField(_("decided on"))
    decision = models.CharField(_("decision"), max_length=16, choices=Readiness.choices)
    postponed_weeks = models.PositiveSmallIntegerField(
        _("postponed (weeks)"), default=0, validators=[MaxValueValidator(MOST_POSTPONED_WEEKS)]
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="postponed", postponed_weeks__gte=1, postponed_weeks__lte=2)
                | (~Q(decision="postponed") & Q(postponed_weeks=0)),
                name="readiness_postponed_weeks",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.decision}"


class Internship(models.Model):
    """The internship itself, with the company (no employment job row: it is not a job)."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="internships"
    )
    agreement = models.ForeignKey(
        InternshipAgreement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    employer = models.ForeignKey(
        "employment.Employer",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("company"),
    )
    contact_person = models.ForeignKey(
        "employment.ContactPerson",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person at the company"),
    )
    company_consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("company consultant"),
    )
    planned_start_on = models.DateField(_("planned start"))
    starts_on = models.DateField(_("started"), null=True, blank=True)
    ends_on = models.DateField(_("ended"), null=True, blank=True)
    weeks = models.PositiveSmallIntegerField(
        _("length (weeks)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    weekly_hours = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(37)],
    )
    kind = models.CharField(_("kind"), max_length=16, choices=InternshipKind.choices)
    taster_days = models.PositiveSmallIntegerField(_("taster days"), null=True, blank=True)
    postponed_weeks = models.PositiveSmallIntegerField(
        _("postponed (weeks)"), default=0, validators=[MaxValueValidator(MOST_POSTPONED_WEEKS)]
    )
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), max_length=2000, blank=True)
    teaching_day_released = models.BooleanField(
        _("the company releases the participant for the weekly teaching day"), default=False
    )
    version = edit_version()

    class Meta:
        ordering = ["-planned_start_on", "-id"]
        verbose_name = _("internship")
        verbose_name_plural = _("internships")
        constraints = [
            models.CheckConstraint(
                condition=Q(postponed_weeks__lte=2), name="internship_postponed_weeks"
            ),
            models.CheckConstraint(
                condition=~Q(kind="taster") | Q(taster_days__gte=1),
                name="internship_taster_days",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.employer_id}"


class FollowUpMode(models.TextChoices):
    VISIT = "visit", _("Visit at the workplace")
    PHONE = "phone", _("Phone")
    MEETING = "meeting", _("Meeting at the jobcentre")
    OTHER = "other", _("Other")


class InternshipFollowUp(models.Model):
    internship = models.ForeignKey(Internship, on_delete=models.PROTECT, related_name="follow_ups")
    occurred_on = models.DateField(_("date"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("how"), max_length=16, choices=FollowUpMode.choices)
    with_company = models.BooleanField(_("with the company"), default=True)
    note = models.TextField(_("note"), max_length=4000, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.internship_id} {self.occurred_on}"


class InternshipAttendance(models.Model):
    internship = models.ForeignKey(Internship, on_delete=models.PROTECT, related_name="attendance")
    day = models.DateField(_("day"))
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["internship", "day"], name="internship_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.internship_id} {self.day}"


class MentorNeed(models.TextChoices):
    NONE = "none", _("No mentor needed")
    SOME = "some", _("Some support")
    EXTENSIVE = "extensive", _("Extensive support")


class MentorSupportKind(models.TextChoices):
    GETTING_UP = "getting_up", _("Getting up and out in the morning")
    PUBLIC_TRANSPORT = "public_transport", _("Using public transport")
    INTERNSHIP_START = "internship_start", _("The first days of the internship")
    OTHER = "other", _("Other")


class MentorProvider(models.TextChoices):
    # "jobcentre" is the stored agency value the country filter knows (Danish only).
    EXTERNAL_PROVIDER = "external_provider", _("External provider")
    PARTNER = "partner", _("Partner (for example psychiatry)")
    JOBCENTRE = "jobcentre", _("Jobcentre")


class MentorSupport(models.Model):
    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="mentor_support"
    )
    assessed_on = models.DateField(_("need assessed on"))
    need = models.CharField(_("need"), max_length=16, choices=MentorNeed.choices)
    support_kinds = models.JSONField(_("support with"), default=list, blank=True)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mentor"),
    )
    mentor_name = models.CharField(_("mentor (not a user)"), max_length=200, blank=True)
    provider_type = models.CharField(
        _("mentor provided by"), max_length=20, choices=MentorProvider.choices, blank=True
    )
    knows_citizen = models.BooleanField(_("the mentor knows the citizen already"), default=False)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(37)],
    )
    from_on = models.DateField(_("from"), null=True, blank=True)
    to_on = models.DateField(_("to"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.need}"

    @property
    def mentor_assigned(self) -> bool:
        return self.mentor_id is not None or bool(self.mentor_name)


class PassKind(models.TextChoices):
    MONTHLY_PASS = "monthly_pass", _("Monthly pass")
    PUNCH_CARD = "punch_card", _("Punch card")
    NONE = "none", _("No pass")


class TransportSupport(models.Model):
    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="transport_support"
    )
    decided_on = models.DateField(_("decided on"))
    costs_covered = models.BooleanField(_("transport costs covered"), default=False)
    pass_kind = models.CharField(_("pass"), max_length=16, choices=PassKind.choices)
    pass_from = models.DateField(_("pass valid from"), null=True, blank=True)
    pass_to = models.DateField(_("pass valid to"), null=True, blank=True)
    travel_training = models.BooleanField(_("travel training"), default=False)
    mentor_escort = models.BooleanField(_("the mentor goes along"), default=False)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.pass_kind}"


class AftercareLevel(models.Model):
    """One choice or change of aftercare level: the rows are the history, the latest is current."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="aftercare_levels"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=[(1, "1"), (2, "2"), (3, "3")])
    starts_on = models.DateField(_("from"))
    reason = models.TextField(_("reason"), max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(level__in=[1, 2, 3]), name="aftercare_level_1_to_3")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.level}"


class AftercareMeeting(models.Model):
    """A group follow-up meeting of a course's participants after the course."""

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="aftercare_meetings"
    )
    held_on = models.DateField(_("held on"))
    note = models.TextField(_("note"), max_length=4000, blank=True)
    attendees = models.ManyToManyField(
        "pathways.Enrolment", related_name="aftercare_meetings", verbose_name=_("present")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.cohort_id} {self.held_on}"


class StatusPoint(models.TextChoices):
    COURSE_END = "course_end", _("At the end of the course")
    SIX_MONTHS = "six_months", _("Six months after")


class EducationState(models.TextChoices):
    STARTED = "started", _("Education started")
    PLANNED = "planned", _("Education planned")


class EducationStatus(models.Model):
    """Education beside the status at the end and at six months: started, or planned from a date."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="education_statuses"
    )
    point = models.CharField(_("when"), max_length=16, choices=StatusPoint.choices)
    state = models.CharField(_("education"), max_length=16, choices=EducationState.choices)
    education = models.CharField(_("education (name)"), max_length=200, blank=True)
    planned_start_on = models.DateField(_("planned start"), null=True, blank=True)
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["point"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "point"], name="education_status_once"),
            models.CheckConstraint(
                condition=~Q(state="planned") | Q(planned_start_on__isnull=False),
                name="education_planned_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.point}"


# The participant's internship records, by model and the path to the case, with what erasure
# blanks in them when the case's content is erased after its retention period.
FREE_TEXT_OF_CASE: tuple[tuple[type[models.Model], str, dict[str, Any]], ...] = (
    (InternshipAgreement, "enrolment", dict.fromkeys(SECTION_CODES, "")),
    (ReadinessDecision, "enrolment", {"reason": ""}),
    (Internship, "enrolment", {"extension_reason": ""}),
    (InternshipFollowUp, "internship__enrolment", {"note": ""}),
    (InternshipAttendance, "internship__enrolment", {"note": ""}),
    (MentorSupport, "enrolment", {"mentor_name": ""}),
    (TransportSupport, "enrolment", {"note": ""}),
    (AftercareLevel, "enrolment", {"reason": ""}),
    (EducationStatus, "enrolment", {"education": ""}),
)
