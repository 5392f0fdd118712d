"""Cohorts and attendance: the groups of group-based models (JOM teams, KNUT-PV work groups)
and the group activities other models run inside themselves (AMiA's ReDO and get-started
groups)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.pathways.definitions.programme import GroupActivity
from lotsa.pathways.definitions.registry import registry


class Cohort(models.Model):
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="cohorts")
    programme_code = models.CharField(_("programme model"), max_length=32)
    # A group activity of the model (e.g. "redo"); empty for a cohort of a group-based model.
    activity = models.CharField(_("group activity"), max_length=64, blank=True)
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="cohort_name_unique_in_unit")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def group_activity(self) -> GroupActivity | None:
        programme = registry().get(self.programme_code)
        return (
            programme.group_activities.get(self.activity) if programme and self.activity else None
        )


class CohortMember(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="members")
    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="cohort_memberships"
    )
    joined_on = models.DateField(_("joined"))
    left_on = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["joined_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "enrolment"], name="member_once_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.cohort} – {self.enrolment_id}"


class Session(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=180)
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.cohort} {self.starts_at:%Y-%m-%d}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT_WITH_NOTICE = "absent_notice", _("Absent with notice")
    ABSENT_WITHOUT_NOTICE = "absent_no_notice", _("Absent without notice")
    SENT_HOME = "sent_home", _("Sent home")
    # Phoned in sick: the team knows already, so it is no absence to follow up.
    SICK = "sick", _("Sick")


# Absences the team follows up with the participant (a contact after the session).
FOLLOW_UP_STATUSES = (AttendanceStatus.ABSENT_WITHOUT_NOTICE, AttendanceStatus.SENT_HOME)


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendance")
    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    # How late, for a late arrival only (a work unit's attendance counts the minutes).
    minutes_late = models.PositiveSmallIntegerField(_("minutes late"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="attendance_once_per_session"
            ),
            models.CheckConstraint(
                condition=models.Q(minutes_late__isnull=True)
                | models.Q(status=AttendanceStatus.LATE, minutes_late__gte=0),
                name="attendance_minutes_late_only_when_late",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.status}"
