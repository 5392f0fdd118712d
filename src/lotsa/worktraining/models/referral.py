"""The commissioner's referral of a participant to work training: what they need, which
services from the concept list are asked for, and what is to be trained or tested."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Commissioner(models.TextChoices):
    # The agencies keep the codes of core.choices.AGENCIES_OF_COUNTRY, so that a form for a
    # unit of another country never offers them.
    MUNICIPAL_SOCIAL_ASSISTANCE = (
        "municipal_social_assistance",
        _("The municipality's financial assistance"),
    )
    MUNICIPAL_LABOUR_MARKET = "municipal_labour_market", _("The municipality's labour market unit")
    AF = "af", _("Arbetsförmedlingen")
    FK = "fk", _("Försäkringskassan")
    OTHER = "other", _("Other commissioner")


class ParticipantCategory(models.TextChoices):
    REGULAR = "regular", _("Participant")
    OSA_EMPLOYEE = "osa_employee", _("Employed in public sheltered employment (OSA)")
    FAS3 = "fas3", _("Occupation in phase 3")
    SUMMER_INTERN = "summer_intern", _("Summer intern")
    LANGUAGE_TRAINEE = "language_trainee", _("Language trainee")
    FULL_TIME_WORKER = "full_time_worker", _("Full-time worker")


class NeedCategory(models.TextChoices):
    """The commissioner's need category of the person (Instrument X and its job staircase)."""

    AM = "AM", _("AM – labour market")
    RH = "RH", _("RH – labour-market-oriented rehabilitation")
    AM1 = "AM1", _("AM1")
    AM2 = "AM2", _("AM2")
    AM3 = "AM3", _("AM3")


class WorkTrainingReferral(models.Model):
    """What the commissioner asked the work-training unit for, one per case."""

    enrolment = models.OneToOneField(
        "pathways.Enrolment",
        on_delete=models.PROTECT,
        related_name="work_training_referral",
        verbose_name=_("enrolment"),
    )
    # When the referral came through the referrals inbox.
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referral"),
    )
    commissioner = models.CharField(_("commissioner"), max_length=40, choices=Commissioner.choices)
    commissioner_name = models.CharField(
        _("commissioner's unit or contact"), max_length=200, blank=True
    )
    received_on = models.DateField(_("received on"))
    stated_needs = models.TextField(_("the person's needs as stated"), max_length=4000)
    # Codes of the concept list (worktraining/concepts.toml).
    requested_services = models.JSONField(_("services asked for"), default=list)
    to_train_or_test = models.TextField(_("what is to be trained or tested"), max_length=4000)
    participant_category = models.CharField(
        _("participant category"),
        max_length=32,
        choices=ParticipantCategory.choices,
        default=ParticipantCategory.REGULAR,
    )
    need_category = models.CharField(
        _("the commissioner's need category"),
        max_length=8,
        choices=NeedCategory.choices,
        blank=True,
    )
    # The day the referral was saved asking for a service the units do not deliver, after the
    # warning was shown and confirmed: kept so the report back can say it was raised.
    assessment_warning_shown_on = models.DateField(
        _("warning about a service not offered confirmed on"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("commissioner's referral")
        verbose_name_plural = _("commissioner's referrals")

    def __str__(self) -> str:
        return f"{self.get_commissioner_display()} {self.received_on}"
