"""Time reports: the participant's planned and actual hours month by month (signed by the
participant), the caseworkers' own project hours (co-signed by their nearest manager where the
unit requires it), and the delivery of each month's report of participant activities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TimeReport(models.Model):
    """A participant's hours in one calendar month, week by week. Staff enter it; the
    participant signs it, and a signed report is locked."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="time_reports"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)
    signed_on = models.DateField(_("signed by the participant on"), null=True, blank=True)
    signature_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = _("time report")
        verbose_name_plural = _("time reports")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "month"], name="time_report_once_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class TimeReportWeek(models.Model):
    """The days of one week within the month (split where the reporting agency changes), with
    the planned and actual hours and the agency that reports them."""

    report = models.ForeignKey(TimeReport, on_delete=models.CASCADE, related_name="weeks")
    starts_on = models.DateField()
    ends_on = models.DateField()
    planned_hours = models.DecimalField(_("planned hours"), max_digits=4, decimal_places=1)
    actual_hours = models.DecimalField(_("actual hours"), max_digits=4, decimal_places=1)
    agency = models.CharField(_("reporting agency"), max_length=32, blank=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="time_week_in_order"
            ),
            models.CheckConstraint(
                condition=Q(planned_hours__gte=0) & Q(actual_hours__gte=0),
                name="time_week_hours_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}"


class StaffTimeReport(models.Model):
    """A caseworker's hours on a unit's programme in one month, signed by the caseworker and,
    where the unit requires it for their employer, co-signed by their nearest manager."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff_time_reports"
    )
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="staff_time_reports"
    )
    month = models.DateField(_("month"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    signed_on = models.DateField(_("signed on"))
    needs_cosignature = models.BooleanField(default=False)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cosigned_on = models.DateField(_("co-signed on"), null=True, blank=True)

    class Meta:
        ordering = ["-month", "staff__last_name"]
        verbose_name = _("caseworker's time report")
        verbose_name_plural = _("caseworkers' time reports")
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "unit", "month"], name="staff_time_report_once_a_month"
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="staff_hours_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.month:%Y-%m}"


class ActivityReportDelivery(models.Model):
    """That a unit sent its month's report of participant activities, and when."""

    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="activity_reports"
    )
    programme_code = models.CharField(max_length=32)
    month = models.DateField(_("month"))
    sent_on = models.DateField(_("sent on"))
    sent_to = models.CharField(_("sent to"), max_length=200)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "programme_code", "month"], name="activity_report_once_a_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m}"
