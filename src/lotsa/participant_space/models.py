"""The participant as a user: their own sign-in, what they sign, and their messages to staff."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotsa.accounts.models import User
from lotsa.core.choices import Country


class ParticipantAccountManager(models.Manager["ParticipantAccount"]):
    def create_with_user(self, **fields: Any) -> ParticipantAccount:
        """A new account with a user of its own: without a password (the person signs in with
        their eID or a passkey) and with a username that tells nothing about them."""
        user = User(username=f"participant-{secrets.token_hex(8)}", is_participant=True)
        user.set_unusable_password()
        user.save()
        return self.create(user=user, **fields)


class ParticipantAccount(models.Model):
    """A person's own sign-in. One person may be registered by several units (each register
    holds its own record), so an account reaches the participant records that are theirs:
    matched by the identity number their eID verified, or the one record an invitation named
    for a person registered anonymously or with protected identity."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participant_account"
    )
    identity_country = models.CharField(
        _("country of identity number"), max_length=2, choices=Country.choices, blank=True
    )
    # Set only by a verified eID sign-in; NULL for an account made through an invitation.
    identity_number = models.CharField(  # noqa: DJ001 - NULL is "not verified by eID"
        _("identity number"), max_length=12, null=True, blank=True
    )
    participants = models.ManyToManyField(
        "people.Participant", related_name="accounts", verbose_name=_("participant records")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantAccountManager()

    class Meta:
        verbose_name = _("participant's sign-in")
        verbose_name_plural = _("participants' sign-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["identity_country", "identity_number"],
                condition=Q(identity_number__isnull=False),
                name="one_account_per_identity",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class Invitation(models.Model):
    """A one-time code, handed over in person, with which a participant registered anonymously
    or with protected identity sets up their sign-in (a passkey) without an eID. Only a hash of
    the code is kept."""

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="invitations"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    redeemed_at = models.DateTimeField(_("used"), null=True, blank=True)
    account = models.ForeignKey(
        ParticipantAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sign-in invitation")
        verbose_name_plural = _("sign-in invitations")

    def __str__(self) -> str:
        return f"{self.participant_id} {self.created_at:%Y-%m-%d}"


class SignedDocument(models.TextChoices):
    PLAN = "plan", _("Goals and plan")
    TIME_REPORT = "time_report", _("Time report")
    FINAL_DOCUMENTATION = "final_documentation", _("Final documentation")
    INTERNSHIP_AGREEMENT = "internship_agreement", _("Internship agreement")


class Signature(models.Model):
    """A participant's signature as an authenticated act: who, when, with which sign-in, over
    the hash of exactly the version they were shown (kept with it). A version that changes
    afterwards has another hash, and so no signature."""

    account = models.ForeignKey(
        ParticipantAccount, on_delete=models.PROTECT, related_name="signatures"
    )
    document = models.CharField(_("document"), max_length=32, choices=SignedDocument.choices)
    object_id = models.PositiveBigIntegerField()
    content_hash = models.CharField(_("hash of the signed version"), max_length=64)
    content = models.JSONField(_("signed version"))
    signed_at = models.DateTimeField(_("signed at"))
    sign_in_method = models.CharField(_("signed in with"), max_length=100)

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "object_id", "content_hash"], name="sign_a_version_once"
            )
        ]
        indexes = [models.Index(fields=["document", "object_id"], name="signature_document_idx")]

    def __str__(self) -> str:
        return f"{self.document} {self.object_id}"


class Message(models.Model):
    """A short message from a participant to the staff responsible for one of their cases."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="participant_messages"
    )
    account = models.ForeignKey(ParticipantAccount, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("message"), max_length=1000)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("message from a participant")
        verbose_name_plural = _("messages from participants")
        indexes = [models.Index(fields=["enrolment", "read_at"], name="message_unread_idx")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.sent_at:%Y-%m-%d}"
