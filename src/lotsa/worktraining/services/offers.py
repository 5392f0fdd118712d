"""Writes of the activities presented to a participant and the participant's choice: the
record behind the checklist items "activities presented" and "the participant chose an
activity", and behind the gender statistics of who is offered and chooses what."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError
from lotsa.organisations.models import Membership
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.enrolment_changes import require_participation
from lotsa.pathways.services.enrolment_records import note_checklist_item
from lotsa.worktraining import codes
from lotsa.worktraining.models import ActivityOffer, OfferOutcome, WorkUnit


def _check_choice(outcome: str, reason: str, field: str = "outcome") -> dict[str, str]:
    if outcome not in OfferOutcome.values:
        return {field: _("Choose one from the list.")}
    if outcome == OfferOutcome.DECLINED and not reason.strip():
        return {"reason": _("Say why the participant declined.")}
    return {}


def _note_choice(offer: ActivityOffer) -> None:
    if offer.outcome == OfferOutcome.CHOSEN and offer.decided_on is not None:
        note_checklist_item(offer.enrolment, codes.PARTICIPANT_CHOSE_ACTIVITY, offer.decided_on)


def record_activity_offer(
    *,
    actor: Actor,
    enrolment: Enrolment,
    work_unit: WorkUnit,
    offered_on: datetime.date,
    offered_by: User,
    recommended: bool = False,
    outcome: str = OfferOutcome.PENDING,
    chose_themselves: bool = False,
    reason: str = "",
    obstacle: str = "",
) -> ActivityOffer:
    """A work unit of the case's unit presented (or recommended) to the participant by a staff
    member of the unit; the choice may be made on the day or later."""
    access.require_enrolment(actor, enrolment)
    require_participation(enrolment)
    errors: dict[str, str] = {}
    if enrolment.programme_model != codes.PROGRAMME:
        errors["work_unit"] = _("Work units are offered in the KNUT-PV programme model only.")
    elif work_unit.unit_id != enrolment.unit_id or not work_unit.is_active:
        errors["work_unit"] = _("Choose an active work unit of the case's unit.")
    if (
        not Membership.objects.active_on(offered_on)
        .filter(user=offered_by, unit_id=enrolment.unit_id)
        .exists()
    ):
        errors["offered_by"] = _("Choose a staff member of the unit on that day.")
    if offered_on > timezone.localdate():
        errors["offered_on"] = _("The date cannot be in the future.")
    elif offered_on < enrolment.referral_date:
        errors["offered_on"] = _("The date is before the referral.")
    errors |= _check_choice(outcome, reason)
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        offer = ActivityOffer.objects.create(
            enrolment=enrolment,
            work_unit=work_unit,
            offered_on=offered_on,
            offered_by=offered_by,
            recommended=recommended,
            outcome=outcome,
            decided_on=None if outcome == OfferOutcome.PENDING else offered_on,
            chose_themselves=chose_themselves and outcome == OfferOutcome.CHOSEN,
            reason=reason.strip(),
            obstacle=obstacle.strip(),
            recorded_by=actor,
        )
        note_checklist_item(enrolment, codes.ACTIVITIES_PRESENTED, offered_on)
        _note_choice(offer)
        record(
            AuditEvent.ACTIVITY_OFFER_RECORDED,
            actor=actor,
            obj=offer,
            participant_id=enrolment.participant_id,
            changes={"work_unit": work_unit.pk, "outcome": outcome, "recommended": recommended},
        )
    return offer


def decide_activity_offer(
    *,
    actor: Actor,
    offer: ActivityOffer,
    outcome: str,
    day: datetime.date,
    chose_themselves: bool = False,
    reason: str = "",
) -> ActivityOffer:
    """The participant's choice on an activity presented earlier: made once, on a day from the
    presentation to today."""
    enrolment = offer.enrolment
    access.require_enrolment(actor, enrolment)
    require_participation(enrolment)
    errors: dict[str, str] = {}
    if offer.outcome != OfferOutcome.PENDING:
        errors["outcome"] = _("The participant's choice is recorded already.")
    elif outcome == OfferOutcome.PENDING:
        errors["outcome"] = _("Choose whether the participant chose or declined the activity.")
    else:
        errors |= _check_choice(outcome, reason)
    if day > timezone.localdate():
        errors["day"] = _("The date cannot be in the future.")
    elif day < offer.offered_on:
        errors["day"] = _("The date is before the activity was presented.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        locked = ActivityOffer.objects.select_for_update().get(pk=offer.pk)
        if locked.outcome != OfferOutcome.PENDING:
            raise DomainError({"outcome": _("The participant's choice is recorded already.")})
        locked.outcome, locked.decided_on = outcome, day
        locked.chose_themselves = chose_themselves and outcome == OfferOutcome.CHOSEN
        locked.reason = reason.strip()
        locked.save(update_fields=["outcome", "decided_on", "chose_themselves", "reason"])
        locked.enrolment = enrolment
        _note_choice(locked)
        record(
            AuditEvent.ACTIVITY_OFFER_RECORDED,
            actor=actor,
            obj=locked,
            participant_id=enrolment.participant_id,
            changes={"outcome": outcome, "decided_on": day.isoformat()},
        )
    return locked
