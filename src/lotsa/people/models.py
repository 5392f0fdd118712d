"""Participants (the people services work with) and their consents."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotsa.core.choices import Country
from lotsa.people.identity import IdentityKind, Sex, format_identity_number

# Every field that can identify a person. An anonymous participant has all of them empty,
# and the audit trail never records their values for such a participant.
IDENTIFYING_FIELDS = (
    "identity_country",
    "identity_kind",
    "identity_number",
    "first_name",
    "last_name",
    "phone",
    "email",
    "street_address",
    "postal_code",
    "city",
    "preferred_language",
    "interpreter_needed",
    "interpreter_language",
)


class Language(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    DANISH = "da", _("Danish")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    SOMALI = "so", _("Somali")
    PERSIAN = "fa", _("Persian")
    TIGRINYA = "ti", _("Tigrinya")
    POLISH = "pl", _("Polish")
    TURKISH = "tr", _("Turkish")
    UKRAINIAN = "uk", _("Ukrainian")
    OTHER = "other", _("Other")


class Participant(models.Model):
    """One person supported by a service.

    Either identified by a Swedish personnummer / samordningsnummer or a Danish CPR number, or
    anonymous: when the person does not consent to being registered, or has protected
    identity (skyddade personuppgifter / navne- og adressebeskyttelse). An anonymous
    participant carries only a generated code name, a birth year and a sex.
    """

    code_name = models.CharField(_("code name"), max_length=20, unique=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    identity_country = models.CharField(
        _("country of identity number"), max_length=2, choices=Country.choices, blank=True
    )
    identity_kind = models.CharField(
        _("kind of identity number"), max_length=20, choices=IdentityKind.choices, blank=True
    )
    # Not unique: each unit's register holds the people it serves. A person another unit
    # registered is a separate record until a referral the person consented to joins them, so
    # that registering cannot reveal who is registered where the user may not look.
    identity_number = models.CharField(  # noqa: DJ001 - NULL is "no number" to the anonymity check
        _("identity number"), max_length=12, null=True, blank=True, db_index=True
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, blank=True
    )
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.CharField(_("interpreter language"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Counts the saved changes: an edit names the version it was made from, and one made from
    # an older version (someone else saved in between) is refused instead of overwriting theirs.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "code_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="participant_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False)
                | (
                    Q(identity_number__isnull=True)
                    & Q(first_name="")
                    & Q(last_name="")
                    & Q(phone="")
                    & Q(email="")
                    & Q(street_address="")
                    & Q(postal_code="")
                    & Q(city="")
                ),
                name="anonymous_participant_has_no_identity",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_from(self.is_anonymous, self.code_name, self.first_name, self.last_name)

    @staticmethod
    def name_from(anonymous: bool, code_name: str, first_name: str, last_name: str) -> str:
        """The name pages show, also for reports that read plain rows: the code name of an
        anonymous participant, or of one whose name is not known."""
        if anonymous:
            return code_name
        return f"{first_name} {last_name}".strip() or code_name

    @property
    def identity_display(self) -> str:
        if not self.identity_number:
            return ""
        return format_identity_number(self.identity_number, self.identity_country)


class ConsentKind(models.TextChoices):
    PARTICIPATION = "participation", _("Participation in the programme")
    STATISTICS = "statistics", _("Registration in follow-up statistics")
    SURVEY = "survey", _("Survey participation")
    INFORMATION_SHARING = "information_sharing", _("Information sharing with an organisation")
    DISABILITY_CODING = "disability_coding", _("Disability coding")


class SharingScope(models.TextChoices):
    """How much of a case an information-sharing consent lets the other organisation see."""

    SUMMARY = "summary", _("Summary: programme, unit, phase, responsible staff, next meeting")
    FULL = "full", _("Full record: notes, plan and documents as well")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def in_force_on(self, day: datetime.date) -> ConsentQuerySet:
        """Given on or before the day, not expired and not withdrawn by then."""
        return (
            self.filter(given_on__lte=day)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))
            .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
        )


class Consent(models.Model):
    """A participant's consent of one kind, given to one organisation. Withdrawal is recorded on
    it; nothing is deleted.

    Consent to information sharing lets ``organisation`` see what ``given_to`` records about the
    participant, as far as ``sharing_scope`` says.
    """

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(_("kind of consent"), max_length=32, choices=ConsentKind.choices)
    given_to = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_held",
        verbose_name=_("given to organisation"),
        help_text=_("The organisation that asked for the consent and keeps the records."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("shared with organisation"),
    )
    sharing_scope = models.CharField(
        _("what may be shared"), max_length=16, choices=SharingScope.choices, blank=True
    )
    scope = models.TextField(_("scope"), max_length=1000, blank=True)
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), max_length=1000, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("given_on")),
                name="consent_expires_after_given",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=~Q(kind="information_sharing") | Q(organisation__isnull=False),
                name="information_sharing_names_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(kind="information_sharing")
                | (Q(given_to__isnull=False) & ~Q(sharing_scope="")),
                name="information_sharing_names_giver_and_scope",
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "kind"], name="consent_participant_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.given_on})"

    def is_in_force(self, day: datetime.date) -> bool:
        return (
            self.given_on <= day
            and (self.expires_on is None or self.expires_on >= day)
            and (self.withdrawn_on is None or self.withdrawn_on > day)
        )
