"""Referral endpoints: list, send, open, answer and withdraw."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Field, Router, Schema, Status

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.apischema import ErrorOut, StrictSchema
from lotsa.people.api import ParticipantDetailsIn, ScopeCode
from lotsa.people.models import Participant
from lotsa.people.services import ParticipantDetails
from lotsa.referrals import queries, services
from lotsa.referrals.models import Referral

router = Router(tags=["referrals"])
Action = access.Action


class ReferralIn(StrictSchema):
    from_unit_id: int
    to_unit_id: int
    programme_model: str = Field(..., max_length=32)
    participant_id: int | None = Field(
        None, description="A participant the token user works with; else describe ``person``."
    )
    person: ParticipantDetailsIn | None = None
    stated_needs: str = Field(..., max_length=4000)
    requested_service: str = Field(..., max_length=2000)
    handover_summary: str = Field("", max_length=8000)
    consent_given_on: datetime.date
    shared_with_receiver: ScopeCode
    report_back: ScopeCode | Literal[""] = ""


class ReferralOut(Schema):
    id: int
    side: str = Field(..., description="'receiver' or 'sender': which side the token user is on")
    from_unit_id: int
    to_unit_id: int
    programme_model: str
    person_name: str
    stated_needs: str
    requested_service: str
    handover_summary: str
    consent_given_on: datetime.date
    shared_with_receiver: str
    report_back: str
    sent_on: datetime.date
    status: str
    decided_on: datetime.date | None
    decline_reason: str
    answer_note: str
    enrolment_id: int | None = Field(
        None, description="The enrolment it led to, where the token user may see it."
    )


class AnswerIn(StrictSchema):
    day: datetime.date
    reason: str = Field("", max_length=64)
    note: str = Field("", max_length=2000)


def _out(request: AuthenticatedHttpRequest, referral: Referral, side: str) -> ReferralOut:
    enrolment = referral.enrolment if referral.enrolment_id else None
    visible = enrolment is not None and access.case_access(request.user, enrolment) is not None
    return ReferralOut(
        id=referral.pk,
        side=side,
        from_unit_id=referral.from_unit_id,
        to_unit_id=referral.to_unit_id,
        programme_model=referral.programme_model,
        person_name=str(referral.person_name) if referral.person else "",
        stated_needs=referral.stated_needs,
        requested_service=referral.requested_service,
        handover_summary=referral.handover_summary,
        consent_given_on=referral.consent_given_on,
        shared_with_receiver=referral.shared_with_receiver,
        report_back=referral.report_back,
        sent_on=referral.sent_on,
        status=referral.status,
        decided_on=referral.decided_on,
        decline_reason=referral.decline_reason,
        answer_note=referral.answer_note,
        enrolment_id=referral.enrolment_id if visible else None,
    )


@router.get(
    "",
    response={200: list[ReferralOut], 403: ErrorOut},
    summary="Referrals to and from the user's units",
)
def list_referrals(request: AuthenticatedHttpRequest) -> list[ReferralOut]:
    access.require(request.user, Action.VIEW_PARTICIPANT)
    lists = queries.referrals_for(request.user)
    return [
        *(_out(request, r, "receiver") for r in (*lists.waiting, *lists.answered)),
        *(_out(request, r, "sender") for r in lists.sent),
    ]


@router.post("", response={201: ReferralOut, 404: ErrorOut}, summary="Send a referral")
def send(request: AuthenticatedHttpRequest, payload: ReferralIn) -> Status:
    data = payload.dict()
    participant: Participant | None = None
    if data.pop("participant_id") is not None:
        participant = access.get_participant_for(
            request.user, payload.participant_id, Action.CHANGE_PARTICIPANT
        )
    person = data.pop("person")
    referral = services.send_referral(
        actor=request.user,
        from_unit=access.get_unit_for(
            request.user, data.pop("from_unit_id"), Action.REGISTER_PARTICIPANT
        ),
        to_unit=services.receiving_unit(data.pop("to_unit_id")),
        participant=participant,
        person=ParticipantDetails(**person) if person is not None else None,
        **data,
    )
    return Status(201, _out(request, referral, "sender"))


@router.get("/{referral_id}", response=ReferralOut, summary="A referral")
def get_referral(request: AuthenticatedHttpRequest, referral_id: int) -> ReferralOut:
    referral, side = access.get_referral_for(request.user, referral_id)
    return _out(request, referral, side.value)


def _answered(request: AuthenticatedHttpRequest, referral_id: int, answer: Any) -> ReferralOut:
    referral, side = access.get_referral_for(request.user, referral_id)
    answer(referral)
    return _out(request, referral, side.value)


@router.post("/{referral_id}/acceptance", response=ReferralOut, summary="Accept a referral")
def accept(request: AuthenticatedHttpRequest, referral_id: int, payload: AnswerIn) -> ReferralOut:
    return _answered(
        request,
        referral_id,
        lambda referral: services.accept_referral(
            actor=request.user, referral=referral, day=payload.day
        ),
    )


@router.post("/{referral_id}/refusal", response=ReferralOut, summary="Decline a referral")
def decline(request: AuthenticatedHttpRequest, referral_id: int, payload: AnswerIn) -> ReferralOut:
    return _answered(
        request,
        referral_id,
        lambda referral: services.decline_referral(
            actor=request.user, referral=referral, **payload.dict()
        ),
    )


@router.post("/{referral_id}/withdrawal", response=ReferralOut, summary="Withdraw a referral")
def withdraw(request: AuthenticatedHttpRequest, referral_id: int, payload: AnswerIn) -> ReferralOut:
    return _answered(
        request,
        referral_id,
        lambda referral: services.withdraw_referral(
            actor=request.user, referral=referral, day=payload.day, note=payload.note
        ),
    )
