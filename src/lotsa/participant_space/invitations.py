"""Invitations: how a participant registered anonymously or with protected identity, who has no
eID to match, gets their own sign-in.

Staff who may change the participant's record make a one-time code and hand it over in person;
only a hash of it is kept, and a new code revokes the one before. The participant enters it on
an open page, which makes their account (no password) and signs them in to add a passkey, their
sign-in from then on. Wrong, expired and used codes are refused and noted; an address that keeps
guessing is refused for a while, as sign-in failures are.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError
from lotsa.participant_space.models import Invitation, ParticipantAccount
from lotsa.people.models import Participant

INVITATION_VALID_DAYS = 14
# Read aloud and typed on a phone: letters and digits that cannot be mistaken for each other.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
CODE_GROUP = 4


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation and its code, which is shown once and kept nowhere."""

    invitation: Invitation
    code: str


def normalised(code: str) -> str:
    return "".join(character for character in code.upper() if character.isalnum())


def hash_of(code: str) -> str:
    return hashlib.sha256(normalised(code).encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def create_invitation(*, actor: Actor, participant: Participant) -> IssuedInvitation:
    """A new code for a participant without an identity number to sign in by; the code made
    before, if still unused, stops working."""
    access.require(actor, access.Action.CHANGE_PARTICIPANT, participant)
    if not participant.is_anonymous:
        raise DomainError(
            _("A participant with an identity number signs in with their eID, not an invitation.")
        )
    now = timezone.now()
    code = _new_code()
    with transaction.atomic(durable=True):
        Invitation.objects.filter(
            participant=participant, redeemed_at__isnull=True, expires_at__gt=now
        ).update(expires_at=now)
        invitation = Invitation.objects.create(
            participant=participant,
            code_hash=hash_of(code),
            created_by=actor,
            expires_at=now + datetime.timedelta(days=INVITATION_VALID_DAYS),
        )
        record(
            AuditEvent.INVITATION_CREATED,
            actor=actor,
            obj=invitation,
            participant_id=participant.pk,
            changes={"expires_at": invitation.expires_at},
        )
    return IssuedInvitation(invitation, code)


def too_many_refusals(address: str | None, *, now: datetime.datetime) -> bool:
    """Whether codes from this address are refused without a look: as many wrong codes within
    the lockout time as lock a username at an address."""
    if not address:
        return False
    since = now - datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    refusals = AuditEntry.objects.filter(
        occurred_at__gte=since, event=AuditEvent.INVITATION_REFUSED, ip_address=address
    )
    return refusals.count() >= settings.LOGIN_FAILURE_LIMIT


def redeem_invitation(*, code: str) -> ParticipantAccount:
    """The participant's account from their code: made on the first invitation, the same one
    again when a later invitation replaces a lost passkey. The invitation is used up."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("participant")
            .filter(code_hash=hash_of(code), redeemed_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if invitation is not None:
            return _redeem(invitation, now)
    record(AuditEvent.INVITATION_REFUSED, actor=None, object_type="participant_space.invitation")
    raise DomainError(
        {
            "code": _(
                "This code does not work: it may be mistyped, used already or too old. "
                "Ask your contact person for a new one."
            )
        }
    )


def _redeem(invitation: Invitation, now: datetime.datetime) -> ParticipantAccount:
    participant = invitation.participant
    account = ParticipantAccount.objects.filter(participants=participant).first()
    if account is None:
        account = ParticipantAccount.objects.create_with_user()
        account.participants.add(participant)
        record(
            AuditEvent.PARTICIPANT_ACCOUNT_CREATED,
            actor=None,
            obj=account,
            participant_id=participant.pk,
            changes={"through": "invitation"},
        )
    invitation.redeemed_at = now
    invitation.account = account
    invitation.save(update_fields=["redeemed_at", "account"])
    record(
        AuditEvent.INVITATION_REDEEMED, actor=None, obj=invitation, participant_id=participant.pk
    )
    return account
