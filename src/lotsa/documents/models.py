"""Documents of a case that several parties sign: the final documentation of a joint case.

The final documentation (AMiA's slutdokumentation) is written jointly by the agencies, approved
by each of the agencies the model names, then read and signed by the participant; once signed
it is locked, and a change is a new version. It is sent to someone else (the treating
physician) only under the participant's consent to share the full record with them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Prerequisites(models.TextChoices):
    """Whether the participant can take part in further work-preparatory or work-oriented
    rehabilitation at Arbetsförmedlingen."""

    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class FinalDocument(models.Model):
    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="final_documents"
    )
    version = models.PositiveIntegerField()
    joint_planning = models.TextField(_("the joint planning"), max_length=8000)
    activities = models.TextField(_("activities carried out"), max_length=8000)
    prerequisites = models.CharField(
        _("prerequisites for further work-oriented rehabilitation"),
        max_length=8,
        choices=Prerequisites.choices,
    )
    assessment = models.TextField(_("the joint assessment"), max_length=4000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_on = models.DateField(_("signed by the participant on"), null=True, blank=True)
    signature_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("final documentation")
        verbose_name_plural = _("final documentation")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "version"], name="final_document_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} v{self.version}"


class DocumentApproval(models.Model):
    """One agency's approval of the documentation, by one of its staff."""

    document = models.ForeignKey(FinalDocument, on_delete=models.PROTECT, related_name="approvals")
    agency = models.CharField(_("agency"), max_length=32)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(_("approved on"))

    class Meta:
        ordering = ["approved_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "agency"], name="one_approval_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.approved_on}"


class DocumentDispatch(models.Model):
    """The documentation sent to someone outside the case, under the consent that allows it."""

    document = models.ForeignKey(FinalDocument, on_delete=models.PROTECT, related_name="dispatches")
    recipient_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recipient's organisation"),
    )
    recipient = models.CharField(_("recipient"), max_length=200)
    consent = models.ForeignKey("people.Consent", on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.recipient} {self.sent_on}"
