"""Writing, approving, signing and sending the final documentation of a joint case.

The order is fixed: written (and corrected) until the first agency approves; approved by each
agency the model names, through a staff member the agency employs; then signed by the
participant, which locks it. A change after that, or after an approval, is a new version.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.documents.models import (
    DocumentApproval,
    DocumentDispatch,
    FinalDocument,
    Prerequisites,
)
from lotsa.errors import DomainError
from lotsa.organisations.models import Membership, Organisation
from lotsa.pathways.models import Enrolment, EnrolmentStatus
from lotsa.pathways.services.enrolment_changes import programme_of
from lotsa.pathways.services.enrolment_records import derive_milestone
from lotsa.people.models import SharingScope
from lotsa.people.queries import sharing_consent

LIMITS = {"joint_planning": 8000, "activities": 8000, "assessment": 4000}


@dataclass(frozen=True)
class FinalText:
    joint_planning: str
    activities: str
    prerequisites: str
    assessment: str


def _check(text: FinalText) -> None:
    errors: dict[str, str] = {}
    for field, limit in LIMITS.items():
        value = getattr(text, field)
        if not value.strip():
            errors[field] = _("Write this part of the documentation.")
        elif len(value) > limit:
            errors[field] = _("Use at most %(limit)s characters.") % {"limit": limit}
    if text.prerequisites not in Prerequisites.values:
        errors["prerequisites"] = _("Choose the joint assessment of the prerequisites.")
    if errors:
        raise DomainError(errors)


def write_final_document(
    *, actor: Actor, enrolment: Enrolment, text: FinalText, document: FinalDocument | None = None
) -> FinalDocument:
    """Write a new version of the final documentation, or correct ``document`` while no agency
    has approved it."""
    access.require_enrolment(actor, enrolment)
    if not programme_of(enrolment).approvals:
        raise DomainError(_("This programme model keeps no joint final documentation."))
    if enrolment.status in (EnrolmentStatus.REFERRED, EnrolmentStatus.DECLINED):
        raise DomainError(_("The final documentation is written once the enrolment has started."))
    if document is not None and (document.signed_on or document.approvals.exists()):
        raise DomainError(
            _("Approved or signed documentation is not changed: write a new version instead.")
        )
    _check(text)
    with transaction.atomic(durable=True):
        if document is None:
            latest = FinalDocument.objects.filter(enrolment=enrolment).aggregate(
                version=Max("version")
            )["version"]
            document = FinalDocument(enrolment=enrolment, version=(latest or 0) + 1)
        for field in ("joint_planning", "activities", "prerequisites", "assessment"):
            setattr(document, field, getattr(text, field).strip())
        document.written_by = actor
        document.save()
        record(
            AuditEvent.DOCUMENT_SAVED,
            actor=actor,
            obj=document,
            participant_id=enrolment.participant_id,
            changes={"version": document.version, "prerequisites": document.prerequisites},
        )
    return document


def agency_of(actor: Actor, enrolment: Enrolment, day: datetime.date) -> str:
    """The kind of organisation that employs the staff member in the enrolment's unit."""
    membership = (
        Membership.objects.active_on(day)
        .filter(user=actor, unit_id=enrolment.unit_id)
        .select_related("employer")
        .first()
    )
    return membership.employer.kind if membership is not None else ""


def approve_final_document(
    *, actor: Actor, document: FinalDocument, day: datetime.date
) -> DocumentApproval:
    """Approve the documentation for the agency that employs the staff member."""
    enrolment = document.enrolment
    access.require_enrolment(actor, enrolment)
    agency = agency_of(actor, enrolment, timezone.localdate())
    required = programme_of(enrolment).approvals
    errors: dict[str, str] = {}
    if document.signed_on is not None:
        errors["day"] = _("The participant has signed the documentation already.")
    elif agency not in required:
        errors["day"] = _("Your employer is not one of the agencies that approve it.")
    elif document.approvals.filter(agency=agency).exists():
        errors["day"] = _("Your agency has approved it already.")
    elif not timezone.localdate(document.updated_at) <= day <= timezone.localdate():
        errors["day"] = _("The date lies between the last change and today.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        approval = DocumentApproval.objects.create(
            document=document, agency=agency, approved_by=actor, approved_on=day
        )
        record(
            AuditEvent.DOCUMENT_APPROVED,
            actor=actor,
            obj=document,
            participant_id=enrolment.participant_id,
            changes={"version": document.version, "agency": agency},
        )
    return approval


def signing_refusal(document: FinalDocument, day: datetime.date) -> str | None:
    """Why the participant may not sign the documentation on ``day``, or None when they may:
    every agency the model names has approved it, on or before that day, and it is not signed
    yet. The same rule whether staff record a signature on paper or the participant signs in
    their own space."""
    if document.signed_on is not None:
        return _("The participant has signed the documentation already.")
    approvals = list(document.approvals.all())
    approved = {approval.agency for approval in approvals}
    if missing := [a for a in programme_of(document.enrolment).approvals if a not in approved]:
        return _("The participant signs once every agency has approved it: %(missing)s.") % {
            "missing": ", ".join(str(Organisation.Kind(a).label) for a in missing)
        }
    if not max(approval.approved_on for approval in approvals) <= day <= timezone.localdate():
        return _("The date lies between the approvals and today.")
    return None


def lock_as_signed(
    actor: Actor, document: FinalDocument, day: datetime.date, recorded_by: Actor | None
) -> None:
    """Lock the documentation as signed on ``day`` and derive the model's milestone, inside the
    caller's transaction. ``recorded_by`` is the member of staff who recorded a signature given
    on paper; it stays empty when the participant signed in Lotsa themselves, whose own
    signature (``participant_space.Signature``) says who, when and with which sign-in."""
    document.signed_on, document.signature_recorded_by = day, recorded_by
    document.save(update_fields=["signed_on", "signature_recorded_by", "updated_at"])
    enrolment = document.enrolment
    derive_milestone(actor, enrolment, programme_of(enrolment), "final_documentation", day)


def sign_final_document(
    *, actor: Actor, document: FinalDocument, day: datetime.date
) -> FinalDocument:
    """Record that the participant has read and signed the documentation on paper, which both
    agencies approved; it is locked from now on."""
    enrolment = document.enrolment
    access.require_enrolment(actor, enrolment)
    if refusal := signing_refusal(document, day):
        raise DomainError({"day": refusal})
    with transaction.atomic(durable=True):
        lock_as_signed(actor, document, day, recorded_by=actor)
        record(
            AuditEvent.DOCUMENT_SIGNED,
            actor=actor,
            obj=document,
            participant_id=enrolment.participant_id,
            changes={"version": document.version, "signed_on": day.isoformat()},
        )
    return document


def send_final_document(
    *,
    actor: Actor,
    document: FinalDocument,
    recipient_organisation: Organisation,
    recipient: str,
    day: datetime.date,
) -> DocumentDispatch:
    """Record that the signed documentation went to someone outside the case (the treating
    physician): only under the participant's consent in force that lets the unit's
    organisation share the full record with the recipient's."""
    enrolment = document.enrolment
    access.require_enrolment(actor, enrolment)
    consent = sharing_consent(
        enrolment.participant_id,
        shared_by=enrolment.unit.organisation_id,
        shared_with=recipient_organisation,
        on=day,
        scopes=(SharingScope.FULL,),
    )
    errors: dict[str, str] = {}
    if document.signed_on is None:
        errors["day"] = _("Only signed documentation is sent.")
    if consent is None:
        errors["recipient_organisation"] = _(
            "The participant has not consented to sharing the record with this organisation."
        )
    if not recipient.strip() or len(recipient) > 200:
        errors["recipient"] = _("Name the recipient (at most 200 characters).")
    if day > timezone.localdate() or (document.signed_on and day < document.signed_on):
        errors["day"] = _("The date lies between the signature and today.")
    if errors:
        raise DomainError(errors)
    assert consent is not None
    with transaction.atomic(durable=True):
        dispatch = DocumentDispatch.objects.create(
            document=document,
            recipient_organisation=recipient_organisation,
            recipient=recipient.strip(),
            consent=consent,
            sent_on=day,
            sent_by=actor,
        )
        record(
            AuditEvent.DOCUMENT_SENT,
            actor=actor,
            obj=document,
            participant_id=enrolment.participant_id,
            changes={
                "version": document.version,
                "to": recipient_organisation.pk,
                "consent": consent.pk,
            },
        )
    return dispatch
