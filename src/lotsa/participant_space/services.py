"""Writes of the participant's own space; each writes its audit entry."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError
from lotsa.participant_space.models import Message, ParticipantAccount
from lotsa.pathways.models import OPEN_STATUSES, Enrolment
from lotsa.people.models import Participant

# ------------------------------------------------------------------ messages

MESSAGE_MAX_LENGTH = 1000


def send_message(
    *, actor: Actor, enrolment: Enrolment, text: str, link: Callable[[Message], str]
) -> Message:
    """A participant's message to the staff responsible for one of their open cases. The
    member of staff is told by e-mail only that there is a message, and where to read it: the
    text stays in Lotsa."""
    if enrolment.participant_id not in access.own_participant_ids(actor):
        access.refuse(
            actor,
            "message.send",
            object_type="pathways.enrolment",
            object_id=enrolment.pk,
            participant_id=enrolment.participant_id,
        )
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Write your message.")
    elif len(text) > MESSAGE_MAX_LENGTH:
        errors["text"] = _("Use at most 1000 characters.")
    if enrolment.status not in OPEN_STATUSES or enrolment.responsible_staff is None:
        errors["enrolment"] = _("Nobody is responsible for this case now.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic():
        message = Message.objects.create(
            enrolment=enrolment,
            account=ParticipantAccount.objects.get(user_id=actor.pk),
            text=text.strip(),
        )
        record(
            AuditEvent.MESSAGE_SENT,
            actor=actor,
            obj=message,
            participant_id=enrolment.participant_id,
        )
        staff = enrolment.responsible_staff
        address = link(message)
        if staff is not None and staff.email:
            transaction.on_commit(lambda: _tell_staff(staff.email, staff.language, address))
    return message


def _tell_staff(email: str, language: str, address: str) -> None:
    # Nothing of the message, not even who wrote it: e-mail leaves the protected system.
    with translation.override(language or settings.LANGUAGE_CODE):
        send_mail(
            subject=_("A new message in Lotsa"),
            message=_("You have a new message in Lotsa.") + "\n\n" + address,
            from_email=None,
            recipient_list=[email],
        )


def mark_message_read(*, actor: Actor, message: Message) -> Message:
    """Staff open a participant's message: the first opening marks it read, and every opening
    is logged as a read of the person's data."""
    with transaction.atomic():
        if message.read_at is None:
            message.read_at = timezone.now()
            message.read_by = actor
            message.save(update_fields=["read_at", "read_by"])
        record(
            AuditEvent.MESSAGE_READ,
            actor=actor,
            obj=message,
            participant_id=message.enrolment.participant_id,
        )
    return message


# ------------------------------------------------------------------ demo accounts


def open_demo_account(
    *, actor: Actor, username: str, password_hash: str, participants: list[Participant]
) -> ParticipantAccount:
    """A participant's sign-in with a local password, for the demo only: real participants
    sign in with eID or an invitation. The account reaches the person's records named."""
    person = participants[0]
    with transaction.atomic():
        user = User.objects.create(
            username=username,
            password=password_hash,
            first_name=person.first_name,
            last_name=person.last_name,
            is_participant=True,
        )
        account = ParticipantAccount.objects.create(
            user=user,
            identity_country=person.identity_country,
            identity_number=person.identity_number,
        )
        account.participants.set(participants)
        record(
            AuditEvent.PARTICIPANT_ACCOUNT_CREATED,
            actor=actor,
            obj=account,
            participants=[participant.pk for participant in participants],
        )
    return account
