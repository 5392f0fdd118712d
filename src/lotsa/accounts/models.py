"""Staff accounts and their API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.core.choices import Country


class User(AbstractUser):
    """A staff member who signs in. Roles come from memberships in units, not from the account."""

    # The values of a participant's sex, so that staff and participants are counted alike.
    SEXES = [("female", _("Female")), ("male", _("Male"))]

    title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Only ever counted, never shown per person: the gender statistics of a unit's staff.
    sex = models.CharField(
        _("sex"),
        max_length=8,
        choices=SEXES,
        blank=True,
        db_default="",
        help_text=_(
            "Used only for the unit's gender statistics, counted and never shown per person."
        ),
    )
    # Empty: the installation's default. Set by the language switcher, so it follows the person.
    language = models.CharField(_("Language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    # The morning e-mail of due and overdue deadlines is each person's choice.
    # The database default too, so rows written by code that predates the column stay valid.
    daily_reminder_email = models.BooleanField(
        _("daily reminder e-mail"), default=False, db_default=False
    )
    # A participant's own sign-in (lotsa.participant_space) is an account too, so that sessions,
    # second factors and the audit trail treat everyone alike; it reaches only the participant's
    # own space, never a staff page.
    is_participant = models.BooleanField(default=False, db_default=False, editable=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token for the API. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ProviderAudience(models.TextChoices):
    STAFF = "staff", _("Staff")
    PARTICIPANTS = "participants", _("Participants (eID)")


class IdentityProvider(models.Model):
    """An organisation's OpenID Connect provider: its login for staff (SITHS through Inera's IdP,
    Entra ID/ADFS) or an eID broker for participants (BankID, Freja, MitID).

    The connection itself (server URL, client id and secret) is allauth's ``SocialApp`` of the
    ``openid_connect`` provider, whose ``provider_id`` names the provider in the callback URL and
    in the sign-in accounts it links; this record says whom it signs in and how they are matched.
    """

    app = models.OneToOneField(
        "socialaccount.SocialApp", on_delete=models.PROTECT, related_name="lotsa_provider"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="identity_providers",
        verbose_name=_("organisation"),
    )
    audience = models.CharField(_("signs in"), max_length=20, choices=ProviderAudience.choices)
    # Staff: the claim whose value an administrator records for each staff member.
    staff_claim = models.CharField(
        _("claim that identifies a staff member"), max_length=100, blank=True
    )
    # Participants: the claim carrying the identity number the eID verified, and its country.
    identity_claim = models.CharField(
        _("claim with the identity number"), max_length=100, blank=True
    )
    identity_country = models.CharField(
        _("country of the identity number"), max_length=2, choices=Country.choices, blank=True
    )
    is_active = models.BooleanField(_("offered on the sign-in page"), default=True)

    class Meta:
        ordering = ["organisation__name", "app__name"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return str(self.app.name)

    @property
    def provider_id(self) -> str:
        return str(self.app.provider_id)

    @property
    def for_participants(self) -> bool:
        return self.audience == ProviderAudience.PARTICIPANTS


class SignInIdentity(models.Model):
    """Who a staff member is at an identity provider: the value of the provider's staff claim
    (an HSA-id, an Entra object id) that an administrator recorded for their account."""

    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="sign_in_identities"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_identities"
    )
    value = models.CharField(_("sign-in identity"), max_length=255)

    class Meta:
        verbose_name = _("sign-in identity")
        verbose_name_plural = _("sign-in identities")
        constraints = [
            models.UniqueConstraint(fields=["provider", "value"], name="one_person_per_identity"),
            models.UniqueConstraint(fields=["provider", "user"], name="one_identity_per_provider"),
        ]

    def __str__(self) -> str:
        return self.value
