"""Participant and consent endpoints."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.apischema import ErrorOut, StrictSchema, Text, edit_version
from lotsa.errors import DomainError
from lotsa.organisations.models import Organisation
from lotsa.pathways.services.lifecycle import register_participant
from lotsa.people import queries, services
from lotsa.people.identity import Sex
from lotsa.people.models import Consent, ConsentKind, Language, Participant, SharingScope

router = Router(tags=["participants"])
Action = access.Action

CountryCode = Literal["SE", "DK", ""]
if TYPE_CHECKING:
    # A Literal built from the model's choices is only known at run time; to the type checker
    # the codes are strings.
    SexCode: TypeAlias = str
    LanguageCode: TypeAlias = str
    ConsentCode: TypeAlias = str
    ScopeCode: TypeAlias = str
else:
    # The API validates and documents exactly the codes the models accept.
    SexCode = Literal[tuple(Sex.values)]
    LanguageCode = Literal[(*Language.values, "")]
    ConsentCode = Literal[tuple(ConsentKind.values)]
    ScopeCode = Literal[tuple(SharingScope.values)]


class ParticipantDetailsIn(StrictSchema):
    is_anonymous: bool = False
    identity_country: CountryCode = ""
    identity_number: str = Field("", max_length=20)
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    birth_year: int | None = Field(None, ge=1900, le=2100)
    sex: SexCode | Literal[""] = ""
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    street_address: str = Field("", max_length=200)
    postal_code: str = Field("", max_length=10)
    city: str = Field("", max_length=100)
    preferred_language: LanguageCode = ""
    interpreter_needed: bool = False
    interpreter_language: str = Field("", max_length=100)


class ParticipantChangeIn(ParticipantDetailsIn):
    version: int = edit_version()


class ParticipantIn(ParticipantDetailsIn):
    unit_id: int
    programme_model: str = Field(..., max_length=32)
    referral_date: datetime.date
    referral_source: str = Field("", max_length=32)
    referrer: str = Field("", max_length=200)


class ParticipantEnrolmentOut(Schema):
    id: int
    unit_id: int
    unit: str = Field(..., alias="unit.name")
    programme_model: str
    referral_date: datetime.date
    start_date: datetime.date | None
    end_date: datetime.date | None


class ParticipantOut(Schema):
    id: int
    code_name: str
    is_anonymous: bool
    identity_country: str
    identity_kind: str
    identity_number: str = Field(..., alias="identity_display")
    first_name: str
    last_name: str
    birth_year: int
    sex: str
    phone: str
    email: str
    street_address: str
    postal_code: str
    city: str
    preferred_language: str
    interpreter_needed: bool
    interpreter_language: str
    version: int


class ParticipantRecordOut(ParticipantOut):
    enrolments: list[ParticipantEnrolmentOut]

    @staticmethod
    def resolve_enrolments(participant: Participant, context: dict[str, Any]) -> list[object]:
        return list(queries.enrolments_of(context["request"].user, participant))


class ConsentIn(StrictSchema):
    kind: ConsentCode
    given_on: datetime.date
    expires_on: datetime.date | None = None
    scope: str = Field("", max_length=1000)
    given_to_id: int | None = Field(
        None,
        description="The organisation the consent is given to; may be left out when the token "
        "user's units where the participant is enrolled belong to one organisation.",
    )
    organisation_id: int | None = None
    sharing_scope: ScopeCode | Literal[""] = ""


class ConsentOut(Schema):
    id: int
    kind: str
    given_to_id: int | None
    organisation_id: int | None
    sharing_scope: str
    scope: str
    given_on: datetime.date
    expires_on: datetime.date | None
    withdrawn_on: datetime.date | None
    withdrawal_reason: str
    in_force: bool


class WithdrawalIn(StrictSchema):
    withdrawn_on: datetime.date
    reason: str = Field(..., min_length=1, max_length=1000)


class ConsentCheckOut(Schema):
    kind: str
    on: datetime.date
    in_force: bool


def _consent_out(consent: Consent) -> ConsentOut:
    return ConsentOut(
        id=consent.pk,
        kind=consent.kind,
        given_to_id=consent.given_to_id,
        organisation_id=consent.organisation_id,
        sharing_scope=consent.sharing_scope,
        scope=consent.scope,
        given_on=consent.given_on,
        expires_on=consent.expires_on,
        withdrawn_on=consent.withdrawn_on,
        withdrawal_reason=consent.withdrawal_reason,
        in_force=consent.is_in_force(timezone.localdate()),
    )


@router.get(
    "",
    response={200: list[ParticipantOut], 403: ErrorOut},
    summary="Search or list participants",
)
def list_participants(
    request: AuthenticatedHttpRequest, q: Text = Query("", max_length=100)
) -> list[Participant]:
    """Participants the token's user may see: a search when ``q`` is given, else open cases."""
    access.require(request.user, Action.VIEW_PARTICIPANT)
    return queries.participants_listed_for(request.user, q)


@router.post(
    "",
    response={201: ParticipantRecordOut, 404: ErrorOut},
    summary="Register a participant",
)
def create_participant(request: AuthenticatedHttpRequest, payload: ParticipantIn) -> Status:
    data = payload.dict()
    unit = access.get_unit_for(request.user, data.pop("unit_id"), Action.REGISTER_PARTICIPANT)
    enrolment = {
        key: data.pop(key)
        for key in ("programme_model", "referral_date", "referral_source", "referrer")
    }
    participant = register_participant(
        actor=request.user, details=services.ParticipantDetails(**data), unit=unit, **enrolment
    )
    return Status(201, participant)


@router.get("/{participant_id}", response=ParticipantRecordOut, summary="Open a participant")
def get_participant(request: AuthenticatedHttpRequest, participant_id: int) -> Participant:
    return access.get_participant_for(request.user, participant_id, Action.VIEW_PARTICIPANT)


@router.patch("/{participant_id}", response=ParticipantRecordOut, summary="Change a participant")
def update_participant(
    request: AuthenticatedHttpRequest, participant_id: int, payload: ParticipantChangeIn
) -> Participant:
    """Only the fields sent are changed, and only from the version last read."""
    participant = access.get_participant_for(
        request.user, participant_id, Action.CHANGE_PARTICIPANT
    )
    sent = payload.dict(exclude_unset=True)
    version = sent.pop("version")
    details = replace(services.details_of(participant), **sent)
    return services.update_participant(
        actor=request.user, participant=participant, details=details, version=version
    )


@router.get("/{participant_id}/consents", response=list[ConsentOut], summary="List consents")
def list_consents(request: AuthenticatedHttpRequest, participant_id: int) -> list[ConsentOut]:
    participant = access.get_participant_for(request.user, participant_id, Action.VIEW_PARTICIPANT)
    return [_consent_out(consent) for consent in queries.consents_of(request.user, participant)]


def _organisation(organisation_id: int | None, field: str) -> Organisation | None:
    """An organisation named in a body; organisations are public, so an unknown one is a
    field error."""
    if organisation_id is None:
        return None
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise DomainError({field: _("There is no such organisation.")})
    return organisation


@router.post("/{participant_id}/consents", response={201: ConsentOut}, summary="Record a consent")
def create_consent(
    request: AuthenticatedHttpRequest, participant_id: int, payload: ConsentIn
) -> Status:
    participant = access.get_participant_for(
        request.user, participant_id, Action.CHANGE_PARTICIPANT
    )
    data = payload.dict()
    organisation = _organisation(data.pop("organisation_id"), "organisation_id")
    given_to = _organisation(data.pop("given_to_id"), "given_to_id")
    consent = services.record_consent(
        actor=request.user,
        participant=participant,
        organisation=organisation,
        given_to=given_to,
        **data,
    )
    return Status(201, _consent_out(consent))


@router.post(
    "/{participant_id}/consents/{consent_id}/withdrawal",
    response=ConsentOut,
    summary="Withdraw a consent",
)
def withdraw_consent(
    request: AuthenticatedHttpRequest, participant_id: int, consent_id: int, payload: WithdrawalIn
) -> ConsentOut:
    participant = access.get_participant_for(
        request.user, participant_id, Action.CHANGE_PARTICIPANT
    )
    consent = queries.consent_for(request.user, participant, consent_id)
    services.withdraw_consent(actor=request.user, consent=consent, **payload.dict())
    return _consent_out(consent)


@router.get(
    "/{participant_id}/consents/check",
    response=ConsentCheckOut,
    summary="Does the participant have a consent of this kind now?",
)
def check_consent(
    request: AuthenticatedHttpRequest,
    participant_id: int,
    kind: ConsentCode,
    on: datetime.date | None = None,
    organisation_id: int | None = None,
) -> ConsentCheckOut:
    participant = access.get_participant_for(request.user, participant_id, Action.VIEW_PARTICIPANT)
    day = on or timezone.localdate()
    organisation = _organisation(organisation_id, "organisation_id")
    in_force = queries.has_consent(participant, kind, on=day, organisation=organisation)
    return ConsentCheckOut(kind=kind, on=day, in_force=in_force)
