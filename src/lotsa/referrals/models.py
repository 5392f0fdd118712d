"""Referrals between organisations and the handover of a case at its end.

A referral is a document one unit sends another (an FK personal caseworker to the AMiA team,
psychiatry to an IPS unit, the municipality to a work-training unit): who the person is, what
they need, what is asked for and a handover summary, with the participant's consent to the
disclosure. The receiving unit accepts it (and the person is enrolled there) or declines it
with a reason. The sender learns the outcome of the referral and nothing more, unless the
participant consented to the receiving organisation reporting back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotsa.people.models import SharingScope


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent, awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the sender")


class Referral(models.Model):
    """A person referred by one unit to a programme model at another unit."""

    from_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("referring unit"),
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("referred by"),
    )
    to_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("receiving unit"),
    )
    programme_model = models.CharField(_("programme model"), max_length=32)
    # Known from the start when the sender works with the person already; otherwise found or
    # registered by the receiving unit when it accepts, from ``person``.
    participant = models.ForeignKey(
        "people.Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    # The person as the sender described them (the fields of people.services.ParticipantDetails).
    person = models.JSONField(_("the person"), default=dict, blank=True)
    stated_needs = models.TextField(_("the person's needs"), max_length=4000)
    requested_service = models.TextField(_("service asked for"), max_length=2000)
    handover_summary = models.TextField(_("handover summary"), max_length=8000, blank=True)
    consent_given_on = models.DateField(_("consent to the referral given on"))
    shared_with_receiver = models.CharField(
        _("the referring organisation shares"), max_length=16, choices=SharingScope.choices
    )
    report_back = models.CharField(
        _("the receiving organisation may report back"),
        max_length=16,
        choices=SharingScope.choices,
        blank=True,
    )
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    decided_on = models.DateField(_("answered on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=64, blank=True)
    answer_note = models.TextField(_("note with the answer"), max_length=2000, blank=True)
    enrolment = models.OneToOneField(
        "pathways.Enrolment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referral",
    )

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["to_unit", "status"], name="referral_inbox"),
            models.Index(fields=["from_unit", "sent_on"], name="referral_sent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(enrolment__isnull=False),
                name="accepted_referral_has_enrolment",
            ),
            models.CheckConstraint(
                condition=Q(consent_given_on__lte=models.F("sent_on")),
                name="referral_consent_before_sending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_unit} → {self.to_unit} ({self.sent_on})"

    @property
    def person_name(self) -> str:
        """The person as the sender named them: a name, or the birth year of an anonymous one."""
        if self.person.get("is_anonymous"):
            return _("Anonymous, born %(year)s") % {"year": self.person.get("birth_year")}
        return f"{self.person.get('first_name', '')} {self.person.get('last_name', '')}".strip()


class ExitHandover(models.Model):
    """Who takes over when a case ends: the new responsible caseworker and their organisation
    (AMiA: an ordinary caseworker at FK or AF), with what was handed over."""

    enrolment = models.OneToOneField(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="exit_handover"
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handed over to organisation"),
    )
    to_caseworker = models.CharField(_("new responsible caseworker"), max_length=200)
    handed_over_on = models.DateField(_("handed over on"))
    summary = models.TextField(_("what was handed over"), max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("handover at the end")
        verbose_name_plural = _("handovers at the end")

    def __str__(self) -> str:
        return f"{self.to_caseworker} ({self.handed_over_on})"
