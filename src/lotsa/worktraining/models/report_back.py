"""The report back to the commissioner (återrapport): what the unit tells the one who referred
the participant about their development, generated from the records and written through."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ReportBackStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    SENT = "sent", _("Sent")


class ReportBack(models.Model):
    """One version of a report back for a period. ``content`` holds the sections generated from
    the records when the version was written (codes and figures, keyed by section), so what was
    sent stays as it was sent; the staff write the development and the next steps. Sent
    versions are locked: a change is a new version."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="reports_back"
    )
    version = models.PositiveIntegerField()
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    content = models.JSONField(default=dict)
    development = models.TextField(_("the participant's development"), max_length=8000)
    next_steps = models.TextField(_("next steps"), max_length=4000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportBackStatus.choices,
        default=ReportBackStatus.DRAFT,
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_to_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commissioner"),
    )
    sent_to = models.CharField(_("recipient"), max_length=200, blank=True)
    # What allowed the sending: the referral's report-back scope, or else a consent.
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent = models.ForeignKey(
        "people.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("report back")
        verbose_name_plural = _("reports back")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "version"], name="report_back_version_once"
            ),
            models.CheckConstraint(
                condition=Q(period_to__gte=F("period_from")), name="report_back_period_in_order"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_on__isnull=False),
                name="sent_report_back_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} v{self.version}"
