"""Staff accounts and their API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff member who signs in. Roles come from memberships in units, not from the account."""

    title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
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
