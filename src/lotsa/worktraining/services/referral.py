"""The commissioner's referral of a participant to work training."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core.choices import foreign_agency_errors
from lotsa.errors import DomainError, validate_model
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.enrolment_records import note_checklist_item
from lotsa.referrals.models import Referral
from lotsa.worktraining import codes
from lotsa.worktraining.concepts import concepts, not_offered
from lotsa.worktraining.models import WorkTrainingReferral
from lotsa.worktraining.services._checks import require_work_training_case

# The field the warning about a service not offered is shown on, and the box that confirms it.
WARNED_FIELD = "requested_services"


@dataclass(frozen=True)
class ReferralDetails:
    commissioner: str
    received_on: datetime.date
    stated_needs: str
    requested_services: list[str]
    to_train_or_test: str
    participant_category: str
    commissioner_name: str = ""
    need_category: str = ""


def not_offered_warning(codes_asked: list[str]) -> str:
    """The warning for services the units do not deliver, with what to ask for instead."""
    return " ".join(
        _(
            "%(concept)s is not something a work-training unit delivers: it needs specially "
            "trained, licensed professionals. Suggest %(instead)s to the commissioner instead, "
            "or confirm that the referral asks for it as written."
        )
        % {
            "concept": concept.name,
            "instead": concepts()[concept.instead].name if concept.instead else "–",
        }
        for concept in not_offered(codes_asked)
    )


def save_work_referral(
    *,
    actor: Actor,
    enrolment: Enrolment,
    details: ReferralDetails,
    confirm_not_offered: bool = False,
    referral: Referral | None = None,
) -> WorkTrainingReferral:
    """Record (or correct) what the commissioner asked for, and the referral in the unit's
    inbox it came with (one of the participant's, received by the case's unit; none when it
    came another way). A request for a service the units do not deliver (a work-ability
    assessment) is refused with a warning until it is confirmed; the day of the first
    confirmation is kept."""
    require_work_training_case(actor, enrolment)
    errors = foreign_agency_errors(
        enrolment.unit.organisation.country, commissioner=details.commissioner
    )
    requested = list(dict.fromkeys(details.requested_services))
    unknown = [code for code in requested if code not in concepts()]
    if unknown:
        errors[WARNED_FIELD] = _("Unknown service: %(codes)s.") % {"codes": ", ".join(unknown)}
    elif not requested:
        errors[WARNED_FIELD] = _("Choose at least one service from the concept list.")
    elif not_offered(requested) and not confirm_not_offered:
        errors[WARNED_FIELD] = not_offered_warning(requested)
    if details.received_on > timezone.localdate():
        errors["received_on"] = _("The date cannot be in the future.")
    if referral is not None and referral.participant_id != enrolment.participant_id:
        errors["referral"] = _("The referral is about another person.")
    elif referral is not None and referral.to_unit_id != enrolment.unit_id:
        errors["referral"] = _("Choose a referral this unit received.")
    if errors:
        raise DomainError(errors)
    found = WorkTrainingReferral.objects.filter(enrolment=enrolment).first()
    saved = found or WorkTrainingReferral(enrolment=enrolment, recorded_by=actor)
    warned_on = saved.assessment_warning_shown_on if found else None
    saved.referral = referral
    saved.commissioner = details.commissioner
    saved.commissioner_name = details.commissioner_name.strip()
    saved.received_on = details.received_on
    saved.stated_needs = details.stated_needs.strip()
    saved.requested_services = requested
    saved.to_train_or_test = details.to_train_or_test.strip()
    saved.participant_category = details.participant_category
    saved.need_category = details.need_category
    saved.assessment_warning_shown_on = (
        (warned_on or timezone.localdate()) if not_offered(requested) else None
    )
    validate_model(saved, exclude=["enrolment", "referral", "recorded_by"])
    with transaction.atomic(durable=True):
        saved.save()
        record(
            AuditEvent.WORK_REFERRAL_SAVED,
            actor=actor,
            obj=saved,
            participant_id=enrolment.participant_id,
            changes={
                "commissioner": saved.commissioner,
                "referral": saved.referral_id,
                "requested_services": requested,
                "not_offered_confirmed": saved.assessment_warning_shown_on is not None,
            },
        )
        note_checklist_item(enrolment, codes.REFERRAL_NEEDS_STATED, saved.received_on)
    return saved
