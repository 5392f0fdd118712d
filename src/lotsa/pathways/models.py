"""Enrolments: a participant in one programme model at one unit, from referral to exit.

The programme model itself (phases, milestones, deadlines, exit reasons) is data, loaded by
``lotsa.pathways.definitions``; these tables only hold codes from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from lotsa.pathways.definitions.programme import Programme


class UnitProgramme(models.Model):
    """A programme model a unit runs, with the unit's own deadline days where they differ."""

    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="programmes"
    )
    programme_code = models.CharField(_("programme model"), max_length=32)
    # {deadline code: days}, e.g. {"mapping_within": 21} where a unit allows 21 days, not 14.
    deadline_days = models.JSONField(_("deadline days for this unit"), default=dict, blank=True)
    places = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("How many participants the unit can take in this model at once."),
    )
    # {setting code: chosen value}, from the model's unit settings, e.g. {"activity_report_due": 10}.
    settings = models.JSONField(_("the unit's choices"), default=dict, blank=True)

    class Meta:
        verbose_name = _("programme model of a unit")
        verbose_name_plural = _("programme models of units")
        constraints = [
            models.UniqueConstraint(fields=["unit", "programme_code"], name="unit_runs_model_once")
        ]

    def __str__(self) -> str:
        from lotsa.pathways.definitions.registry import programme_name

        return f"{self.unit} – {programme_name(self.programme_code)}"


class ReferralSource(models.TextChoices):
    TREATMENT_TEAM = "treatment_team", _("Psychiatric treatment team")
    PRIMARY_CARE = "primary_care", _("Primary care")
    AF = "af", _("Arbetsförmedlingen")
    FK = "fk", _("Försäkringskassan")
    SOCIAL_SERVICES = "social_services", _("Social services")
    JOBCENTRE = "jobcentre", _("Jobcentre")
    SELF = "self", _("Self-referral")
    OTHER = "other", _("Other")


class EnrolmentStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    DECLINED = "declined", _("Declined")
    ACTIVE = "active", _("Ongoing")
    PAUSED = "paused", _("Paused")
    EXITED = "exited", _("Ended")


OPEN_STATUSES = (EnrolmentStatus.REFERRED, EnrolmentStatus.ACTIVE, EnrolmentStatus.PAUSED)


class IncomeSource(models.TextChoices):
    SALARY = "salary", _("Salary")
    SICKNESS_BENEFIT = "sickness_benefit", _("Sickness benefit")
    SICKNESS_COMPENSATION = "sickness_compensation", _("Sickness or activity compensation")
    ACTIVITY_SUPPORT = "activity_support", _("Activity support")
    UNEMPLOYMENT_INSURANCE = "unemployment_insurance", _("Unemployment insurance")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance / cash benefit")
    STUDENT_AID = "student_aid", _("Student aid")
    NONE = "none", _("No income")
    OTHER = "other", _("Other")


class EmploymentStatus(models.TextChoices):
    OUT_OF_WORK = "out_of_work", _("Out of work")
    AT_RISK = "at_risk", _("In work but at risk of losing it")
    IN_WORK = "in_work", _("In work")


class EducationLevel(models.TextChoices):
    COMPULSORY_UNFINISHED = "compulsory_unfinished", _("Compulsory school not completed")
    COMPULSORY = "compulsory", _("Compulsory school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    POST_SECONDARY = "post_secondary", _("Post-secondary, under 3 years")
    HIGHER = "higher", _("Higher education, 3 years or more")
    UNKNOWN = "unknown", _("Not known")


class Enrolment(models.Model):
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="enrolments"
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("unit"),
    )
    programme_model = models.CharField(_("programme model"), max_length=32)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.REFERRED,
    )
    phase = models.CharField(_("phase"), max_length=64, blank=True)
    phase_since = models.DateField(_("in phase since"), null=True, blank=True)
    referral_date = models.DateField(_("referral date"))
    referral_source = models.CharField(
        _("referred by"), max_length=32, choices=ReferralSource.choices, blank=True
    )
    referrer = models.CharField(_("referrer"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # Set when the retention period after closing has passed and the case's content was erased
    # (lotsa.retention); the dated facts reports count stay.
    content_erased_on = models.DateField(_("content erased on"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=64, blank=True)
    exit_reason = models.CharField(_("reason for ending"), max_length=64, blank=True)
    outcome = models.CharField(_("outcome class"), max_length=32, blank=True)
    responsible_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_enrolments",
        verbose_name=_("responsible staff member"),
    )
    previous_enrolment = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="re_enrolments",
        verbose_name=_("earlier enrolment"),
    )
    baseline_income_sources = models.JSONField(default=list, blank=True)
    baseline_employment_status = models.CharField(
        max_length=16, choices=EmploymentStatus.choices, blank=True
    )
    baseline_education_level = models.CharField(
        max_length=32, choices=EducationLevel.choices, blank=True
    )
    exit_income_sources = models.JSONField(default=list, blank=True)
    exit_employment_status = models.CharField(
        max_length=16, choices=EmploymentStatus.choices, blank=True
    )
    exit_education_level = models.CharField(
        max_length=32, choices=EducationLevel.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A summary the reports read instead of searching employer contacts per enrolment: the day of
    # the first face-to-face employer contact on the enrolment's behalf from its start on. Kept by
    # employment.services.refresh_first_employer_contact whenever a contact or a start is recorded.
    first_employer_contact_on = models.DateField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-referral_date", "-id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        indexes = [
            models.Index(fields=["unit", "participant"], name="enrolment_unit_participant"),
            # The unit's enrolment ids from the index alone, for joins to their records.
            models.Index(fields=["unit", "id"], name="enrolment_unit_ids"),
            models.Index(fields=["responsible_staff", "status"], name="enrolment_staff_status"),
            # Counting a unit's open enrolments reads only these (the start page).
            models.Index(
                fields=["unit"], condition=Q(end_date__isnull=True), name="enrolment_unit_open"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(start_date__gte=models.F("referral_date")),
                name="enrolment_starts_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("referral_date")),
                name="enrolment_ends_after_referral",
            ),
            # One open enrolment per participant, unit and model: the services check it first,
            # and this refuses the second of two referrals made at the same moment.
            models.UniqueConstraint(
                fields=["participant", "unit", "programme_model"],
                condition=Q(status__in=["referred", "active", "paused"]),
                name="one_open_enrolment",
            ),
        ]

    def __str__(self) -> str:
        from lotsa.pathways.definitions.registry import programme_name

        return f"{programme_name(self.programme_model)} – {self.unit}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def programme(self) -> Programme | None:
        from lotsa.pathways.definitions.registry import registry

        return registry().get(self.programme_model)


class EventKind(models.TextChoices):
    REFERRED = "referred", _("Referral received")
    ACCEPTED = "accepted", _("Referral accepted")
    DECLINED = "declined", _("Referral declined")
    STARTED = "started", _("Started")
    PHASE_CHANGED = "phase_changed", _("Phase changed")
    PAUSED = "paused", _("Paused")
    RESUMED = "resumed", _("Resumed")
    EXITED = "exited", _("Ended")
    HANDED_OVER = "handed_over", _("Responsibility handed over")
    SHARED = "shared", _("Responsibility shared")
    MILESTONE = "milestone", _("Milestone recorded")


class EnrolmentEvent(models.Model):
    """The history of an enrolment: what happened, when, who recorded it and why."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    occurred_on = models.DateField()
    from_phase = models.CharField(max_length=64, blank=True)
    to_phase = models.CharField(max_length=64, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        indexes = [models.Index(fields=["enrolment", "occurred_on"], name="event_enrolment_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class Responsibility(models.Model):
    """Who is responsible for an enrolment, from when to when. Several at once = shared."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="responsibilities"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="responsibilities"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["staff", "ends_on"], name="responsibility_staff_open")]

    def __str__(self) -> str:
        return f"{self.staff} {self.starts_on}–{self.ends_on or ''}"


class Milestone(models.Model):
    """A named, dated fact about an enrolment (codes come from the programme definition)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="milestones")
    code = models.CharField(max_length=64)
    occurred_on = models.DateField()
    derived = models.BooleanField(default=False)
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["occurred_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "code"], name="milestone_once_per_enrolment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.occurred_on}"


class ChecklistEntry(models.Model):
    """A checklist item of the programme model (e.g. "disclosure discussed") recorded as done."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="checklist")
    item_code = models.CharField(max_length=64)
    done_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["done_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "item_code"], name="checklist_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_code} {self.done_on}"


class FollowUp(models.Model):
    """A participant's status observed at a follow-up point the programme model defines."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="follow_ups")
    code = models.CharField(_("follow-up"), max_length=64)
    status = models.CharField(_("status"), max_length=64)
    observed_on = models.DateField(_("observed on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["observed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "code"], name="follow_up_once_per_enrolment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.status}"


class BenefitType(models.TextChoices):
    SICKNESS_BENEFIT = "sickness_benefit", _("Sickness benefit (sjukpenning)")
    SICKNESS_COMPENSATION = "sickness_compensation", _("Sickness compensation (sjukersättning)")
    ACTIVITY_COMPENSATION = (
        "activity_compensation",
        _("Activity compensation (aktivitetsersättning)"),
    )


class BenefitExtent(models.TextChoices):
    QUARTER = "0.25", _("One quarter")
    HALF = "0.50", _("Half")
    THREE_QUARTERS = "0.75", _("Three quarters")
    FULL = "1.00", _("Full")


class BenefitFacts(models.Model):
    """The participant's benefit: its type and extent, the day its days run out (which a
    model's timeline counts from) and whether the income it is based on (SGI) was checked."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="benefit_facts"
    )
    benefit_type = models.CharField(_("benefit"), max_length=32, choices=BenefitType.choices)
    extent = models.CharField(_("extent"), max_length=4, choices=BenefitExtent.choices)
    ends_on = models.DateField(_("the benefit days run out on"))
    sgi_checked_on = models.DateField(
        _("sickness-benefit qualifying income (SGI) checked on"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("benefit facts")
        verbose_name_plural = _("benefit facts")

    def __str__(self) -> str:
        return f"{self.get_benefit_type_display()} {self.ends_on}"
