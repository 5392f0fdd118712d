"""Team practice of a vocational unit: the treatment teams it works with and the coaches attached
to them, the treatment-team meetings coaches attend (with what was discussed about whom), the
unit's own meetings (job leads shared, cover arranged) and the team leader's supervision log.

These are the records the fidelity scale's organisation items ask about (IPS-25 items 4, 5, 7
and 8); ``queries.teamwork_evidence`` counts them for a review period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TeamKind(models.TextChoices):
    PSYCHIATRIC_OUTPATIENT = "psychiatric_outpatient", _("Psychiatric outpatient team")
    PSYCHOSIS = "psychosis", _("Psychosis team")
    COMMUNITY = "community", _("Assertive community treatment team")
    ADDICTION = "addiction", _("Addiction care team")
    PRIMARY_CARE = "primary_care", _("Primary care team")
    OTHER = "other", pgettext_lazy("treatment team kind", "Other")


class TreatmentTeam(models.Model):
    """A mental-health (or other) treatment team the unit works with."""

    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="treatment_teams"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of team"), max_length=32, choices=TeamKind.choices)
    organisation = models.CharField(_("organisation or clinic"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("treatment team")
        verbose_name_plural = _("treatment teams")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="treatment_team_name_in_unit")
        ]

    def __str__(self) -> str:
        return self.name


class TeamAttachment(models.Model):
    """A coach's attachment to a treatment team, from one day to (perhaps) another."""

    team = models.ForeignKey(TreatmentTeam, on_delete=models.PROTECT, related_name="attachments")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_attachments"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["coach__last_name", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="team_attachment_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.coach} – {self.team}"


class EnrolmentTeam(models.Model):
    """The treatment team a participant belongs to, for one enrolment. Kept here rather than on
    the enrolment, so that pathways knows nothing of treatment teams."""

    enrolment = models.OneToOneField(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="treatment_team_link"
    )
    team = models.ForeignKey(
        TreatmentTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolment_links",
        verbose_name=_("treatment team"),
    )

    def __str__(self) -> str:
        return f"{self.enrolment_id} – {self.team_id}"


class TeamMeeting(models.Model):
    """A treatment team's meeting that coaches of the unit attended, with the decisions shared."""

    team = models.ForeignKey(TreatmentTeam, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("date"))
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("coaches present")
    )
    decisions = models.TextField(_("shared decisions"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("treatment-team meeting")
        verbose_name_plural = _("treatment-team meetings")

    def __str__(self) -> str:
        return f"{self.team} {self.held_on}"


class Discussion(models.Model):
    """What was said at a treatment-team meeting about one participant: shown only to staff who
    may see that participant's case."""

    meeting = models.ForeignKey(TeamMeeting, on_delete=models.CASCADE, related_name="discussions")
    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="team_discussions"
    )
    note = models.TextField(_("what was discussed"), max_length=2000)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.meeting_id} – {self.enrolment_id}"


class UnitMeeting(models.Model):
    """A meeting of the vocational unit itself: who came, and (below) the job leads shared and
    the cover arranged."""

    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="unit_meetings"
    )
    held_on = models.DateField(_("date"))
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("present")
    )
    note = models.TextField(_("note"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("unit meeting")
        verbose_name_plural = _("unit meetings")

    def __str__(self) -> str:
        return f"{self.unit} {self.held_on}"


class JobLead(models.Model):
    """A job lead a member shared at a unit meeting: an employer of the register, or one named."""

    meeting = models.ForeignKey(UnitMeeting, on_delete=models.CASCADE, related_name="job_leads")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("shared by"),
    )
    employer = models.ForeignKey(
        "employment.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer"),
    )
    employer_name = models.CharField(_("employer not in the register"), max_length=200, blank=True)
    job = models.CharField(_("job"), max_length=200)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(employer__isnull=False) | ~Q(employer_name=""),
                name="job_lead_names_an_employer",
            )
        ]

    def __str__(self) -> str:
        return self.job


class CoverArrangement(models.Model):
    """At a unit meeting: who covers whose cases, and when."""

    meeting = models.ForeignKey(UnitMeeting, on_delete=models.CASCADE, related_name="covers")
    covering = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    covered = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("covers the cases of"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="cover_in_order"),
            models.CheckConstraint(
                condition=~Q(covering=F("covered")), name="cover_by_someone_else"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.covering} → {self.covered}"


class SupervisionElement(models.TextChoices):
    """The supervisor's tasks the fidelity scale's item 8 looks for."""

    INDIVIDUAL = "individual", _("Individual supervision")
    GROUP = "group", _("Group supervision")
    FIELD_MENTORING = "field_mentoring", _("Field mentoring")
    OUTCOME_REVIEW = "outcome_review", _("Outcome review with the team")
    DIFFICULT_CASE = "difficult_case", _("Help with a difficult case")


class SupervisionEntry(models.Model):
    """One supervision the team leader gave: which element, when, with whom, a short note."""

    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="supervision_entries"
    )
    element = models.CharField(
        _("kind of supervision"), max_length=32, choices=SupervisionElement.choices
    )
    held_on = models.DateField(_("date"))
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("with")
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("supervision")
        verbose_name_plural = _("supervision log")

    def __str__(self) -> str:
        return f"{self.element} {self.held_on}"
