"""What a participant does in their own space: enter a month's hours, and sign.

A signature is an authenticated act over exactly the version the page showed: the page sends
the hash of the content it showed, the service builds the content of the version as it is now,
and refuses when the two differ (the plan or the hours changed in between), so that nobody
signs what they did not see. The signature keeps the content, its hash, the moment and how the
person signed in.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.models import IdentityProvider, User
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.casework.models import PlanRevision
from lotsa.documents.models import FinalDocument
from lotsa.documents.services import lock_as_signed, signing_refusal
from lotsa.errors import DomainError
from lotsa.jom.models import InternshipAgreement
from lotsa.jom.services.internship import note_if_signed_by_all
from lotsa.participant_space.models import Message, ParticipantAccount, Signature, SignedDocument
from lotsa.participant_space.queries import require_own
from lotsa.participant_space.signing import (
    content_hash,
    final_document_content,
    internship_agreement_content,
    plan_content,
    time_report_content,
)
from lotsa.pathways.models import OPEN_STATUSES, Enrolment
from lotsa.people.models import Participant
from lotsa.timereports.models import TimeReport
from lotsa.timereports.services import WeekHours, write_month_hours

# A diary of one person's hours: more than this in a week is a typing error, not a week.
MOST_OWN_HOURS_IN_A_WEEK = Decimal("60")


class VersionChanged(DomainError):
    """The version the page showed is no longer the current one: nothing is signed."""

    def __init__(self) -> None:
        super().__init__(
            {
                "content_hash": _(
                    "This changed after the page was opened. Nothing was signed: read the "
                    "new version, then sign it if you agree."
                )
            }
        )


def save_own_time_report(
    *,
    actor: User,
    enrolment: Enrolment,
    month: datetime.date,
    weeks: list[WeekHours],
    note: str = "",
) -> TimeReport:
    """The participant enters their planned and actual hours of a month of their own case;
    once submitted (signed) the month is locked."""
    require_own(actor, enrolment)
    return write_month_hours(
        actor, enrolment, month, weeks, note, most_in_a_week=MOST_OWN_HOURS_IN_A_WEEK
    )


def _sign(
    actor: User,
    document: SignedDocument,
    obj: PlanRevision | TimeReport | FinalDocument | InternshipAgreement,
    content: dict[str, Any],
    participant_id: int,
    sign_in_method: str,
) -> Signature:
    """Write the signature and its audit entry, inside the caller's transaction."""
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                account=ParticipantAccount.objects.get(user=actor),
                document=document,
                object_id=obj.pk,
                content_hash=content_hash(content),
                content=content,
                signed_at=timezone.now(),
                sign_in_method=sign_in_method,
            )
    except IntegrityError:
        raise DomainError({"content_hash": _("You have signed this version already.")}) from None
    record(
        AuditEvent.PARTICIPANT_SIGNED,
        actor=actor,
        obj=obj,
        participant_id=participant_id,
        changes={"document": document.value, "content_hash": signature.content_hash},
    )
    return signature


def sign_plan(
    *, actor: User, revision: PlanRevision, shown_hash: str, sign_in_method: str
) -> Signature:
    """The participant signs the latest version of their plan, as the page showed it."""
    require_own(actor, revision.enrolment)
    with transaction.atomic(durable=True):
        current = (
            PlanRevision.objects.select_for_update()
            .filter(enrolment_id=revision.enrolment_id)
            .prefetch_related("sub_goals", "items")
            .order_by("-number")
            .first()
        )
        if current is None or current.pk != revision.pk:
            raise VersionChanged
        content = plan_content(current)
        if content_hash(content) != shown_hash:
            raise VersionChanged
        return _sign(
            actor,
            SignedDocument.PLAN,
            current,
            content,
            revision.enrolment.participant_id,
            sign_in_method,
        )


def submit_time_report(
    *, actor: User, report: TimeReport, shown_hash: str, sign_in_method: str
) -> Signature:
    """The participant submits the month's report by signing it as the page showed it; the
    report is locked from then on, as when staff record a signature on paper."""
    require_own(actor, report.enrolment)
    with transaction.atomic(durable=True):
        current = TimeReport.objects.select_for_update().prefetch_related("weeks").get(pk=report.pk)
        if current.signed_on is not None:
            raise DomainError({"content_hash": _("This month is submitted already.")})
        content = time_report_content(current)
        if content_hash(content) != shown_hash:
            raise VersionChanged
        current.signed_on, current.signature_recorded_by = timezone.localdate(), actor
        current.save(update_fields=["signed_on", "signature_recorded_by"])
        return _sign(
            actor,
            SignedDocument.TIME_REPORT,
            current,
            content,
            report.enrolment.participant_id,
            sign_in_method,
        )


# A document kept in versions per case: final documentation, an internship agreement guide.
VersionedT = TypeVar("VersionedT", FinalDocument, InternshipAgreement)


def _latest_version_as_shown(
    versions: QuerySet[VersionedT],
    shown: VersionedT,
    content_of: Callable[[VersionedT], dict[str, Any]],
    shown_hash: str,
) -> tuple[VersionedT, dict[str, Any]]:
    """The case's latest version of a document, locked, with its content, when it is the one
    the page showed, unchanged; otherwise VersionChanged. Inside the caller's transaction."""
    current = (
        versions.select_for_update()
        .filter(enrolment_id=shown.enrolment_id)
        .select_related("enrolment")
        .order_by("-version")
        .first()
    )
    if current is None or current.pk != shown.pk:
        raise VersionChanged
    content = content_of(current)
    if content_hash(content) != shown_hash:
        raise VersionChanged
    return current, content


def sign_final_documentation(
    *, actor: User, document: FinalDocument, shown_hash: str, sign_in_method: str
) -> Signature:
    """The participant signs the latest version of their final documentation, as the page
    showed it, once every agency the model names has approved it (the rule staff follow when
    they record a signature on paper). It is locked from then on, and the model's milestone
    is derived as for a signature on paper; no member of staff recorded this one."""
    require_own(actor, document.enrolment)
    with transaction.atomic(durable=True):
        current, content = _latest_version_as_shown(
            FinalDocument.objects.prefetch_related("approvals"),
            document,
            final_document_content,
            shown_hash,
        )
        today = timezone.localdate()
        if refusal := signing_refusal(current, today):
            raise DomainError({"content_hash": refusal})
        lock_as_signed(actor, current, today, recorded_by=None)
        return _sign(
            actor,
            SignedDocument.FINAL_DOCUMENTATION,
            current,
            content,
            current.enrolment.participant_id,
            sign_in_method,
        )


def sign_internship_agreement(
    *, actor: User, agreement: InternshipAgreement, shown_hash: str, sign_in_method: str
) -> Signature:
    """The participant signs the latest version of their internship agreement guide, as the page
    showed it. The third of the three signatures (participant, company, jobcentre) makes the
    agreement, as when staff record the signatures on paper."""
    require_own(actor, agreement.enrolment)
    with transaction.atomic(durable=True):
        current, content = _latest_version_as_shown(
            InternshipAgreement.objects.all(), agreement, internship_agreement_content, shown_hash
        )
        if current.participant_signed_on is not None:
            raise DomainError({"content_hash": _("You have signed this version already.")})
        current.participant_signed_on = timezone.localdate()
        current.participant_signature_recorded_by = None
        current.save(update_fields=["participant_signed_on", "participant_signature_recorded_by"])
        note_if_signed_by_all(actor, current)
        return _sign(
            actor,
            SignedDocument.INTERNSHIP_AGREEMENT,
            current,
            content,
            current.enrolment.participant_id,
            sign_in_method,
        )


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


# ------------------------------------------------------------------ eID sign-in


def sign_in_with_eid(
    *,
    provider: IdentityProvider,
    subject: str,
    identity_number: str,
    participants: list[Participant],
) -> User:
    """A participant whose eID verified an identity number that registered participants carry:
    their account (made on the first sign-in), reaching exactly those records."""
    country = provider.identity_country
    with transaction.atomic(durable=True):
        account = (
            ParticipantAccount.objects.select_related("user")
            .filter(identity_country=country, identity_number=identity_number)
            .first()
        )
        if account is None:
            account = ParticipantAccount.objects.create_with_user(
                identity_country=country, identity_number=identity_number
            )
            account.participants.set(participants)
            # Made by the sign-in on the eID's word, before anybody is signed in.
            record(
                AuditEvent.PARTICIPANT_ACCOUNT_CREATED,
                actor=None,
                obj=account,
                changes={"provider": provider.pk},
                participants=[participant.pk for participant in participants],
            )
        else:
            account.participants.set(participants)
        SocialAccount.objects.get_or_create(
            provider=provider.provider_id, uid=subject, defaults={"user": account.user}
        )
        return account.user


def refuse_sign_in_without_enrolment(*, person: User) -> None:
    """A participant signed in correctly but reaches no enrolment: refused, and noted (with no
    actor, since nobody is signed in)."""
    record(
        AuditEvent.ACCESS_DENIED,
        actor=None,
        object_type="accounts.user",
        object_id=str(person.pk),
        changes={"reason": "no_enrolment"},
    )
