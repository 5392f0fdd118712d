"""What a row of the table is, and the makers of the records several rows act on."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from lotsa.audit.models import AuditEvent
from lotsa.casework import services as casework
from lotsa.documents import services as documents
from lotsa.organisations.models import Role
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services import lifecycle
from lotsa.people import services as people
from lotsa.referrals import services as referrals
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import (
    MembershipFactory,
    UnitFactory,
    UserFactory,
    swedish_number,
)
from lotsa.testing.personas import JomTeam, KnutTeam, Personas, build_jom_team, build_knut_team
from lotsa.timereports.services import first_of_month

DAYS = datetime.timedelta


@dataclass
class World:
    """The personas, and the makers of the records a service acts on."""

    personas: Personas
    case: Callable[..., Enrolment]

    def started(self, model: str = "ips") -> Enrolment:
        return self.case(model, referred_on=TODAY - DAYS(60), started_on=TODAY - DAYS(50))

    def exited(self, model: str = "ips", *, ended: datetime.date = TODAY) -> Enrolment:
        enrolment = self.case(model, referred_on=ended - DAYS(120), started_on=ended - DAYS(110))
        reason = next(iter(registry().get(model).exit_reasons))  # type: ignore[union-attr]
        return lifecycle.exit_enrolment(
            actor=self.personas.coach_a, enrolment=enrolment, day=ended, reason=reason
        )

    @functools.cached_property
    def jom(self) -> JomTeam:
        """A Danish JOM unit with its provider's staff, made when a row first asks."""
        return build_jom_team()

    @functools.cached_property
    def knut(self) -> KnutTeam:
        """A Swedish work-training unit, made when a row first asks."""
        return build_knut_team()

    @property
    def own(self) -> Enrolment:
        return Enrolment.objects.get(participant=self.personas.own)

    @property
    def joint(self) -> Enrolment:
        """The joint team's AMiA case, run by a Försäkringskassan and an
        Arbetsförmedlingen caseworker."""
        return Enrolment.objects.get(participant=self.personas.joint)


@dataclass(frozen=True)
class Call:
    """The arguments of one call, and the participant the entries concern: a number, None
    (the service concerns nobody in particular), one per entry, or a function of the result
    (for a participant the call creates)."""

    kwargs: dict[str, Any]
    participant: int | None | tuple[int | None, ...] | Callable[[Any], int | None] = None


@dataclass(frozen=True)
class Case:
    service: Callable[..., Any]
    arrange: Callable[[World], Call]
    events: tuple[AuditEvent, ...]
    path: str = ""
    why_several: str = field(default="", compare=False)
    # A refusal: the service raises this, and its entry stays.
    raises: type[Exception] | None = None

    @property
    def id(self) -> str:
        name = f"{self.service.__module__.removeprefix('lotsa.')}.{self.service.__name__}"
        return f"{name}[{self.path}]" if self.path else name


def one(
    service: Callable[..., Any], event: AuditEvent, arrange: Callable[[World], Call], path: str = ""
) -> Case:
    return Case(service, arrange, (event,), path)


def refused(
    service: Callable[..., Any],
    event: AuditEvent,
    arrange: Callable[[World], Call],
    raises: type[Exception],
    path: str,
) -> Case:
    return Case(service, arrange, (event,), path, raises=raises)


def several(
    service: Callable[..., Any],
    events: tuple[AuditEvent, ...],
    arrange: Callable[[World], Call],
    why: str,
    path: str = "",
) -> Case:
    return Case(service, arrange, events, path, why_several=why)


E = AuditEvent


# ------------------------------------------------------------------ records several rows need


def described(**overrides: Any) -> people.ParticipantDetails:
    values: dict[str, Any] = {
        "identity_country": "SE",
        "identity_number": swedish_number(datetime.date(1988, 8, 8), 412),
        "first_name": "Nyss",
        "last_name": "Registrerad",
    }
    return people.ParticipantDetails(**(values | overrides))


def referral_values(w: World) -> dict[str, Any]:
    office = UnitFactory(organisation=w.personas.fk, name="Lokalt försäkringscenter", runs=[])
    sender = UserFactory(username="fk_personal")
    MembershipFactory(user=sender, unit=office, role=Role.COACH)
    return {
        "actor": sender,
        "from_unit": office,
        "to_unit": w.personas.joint_team,
        "programme_model": "amia",
        "person": described(),
        "stated_needs": "Stöd tillbaka till arbete.",
        "requested_service": "AMiA.",
        "consent_given_on": TODAY,
        "shared_with_receiver": "full",
    }


def sent_referral(w: World) -> Any:
    return referrals.send_referral(**referral_values(w))


def on_case(enrolment: Enrolment, actor: Any, **kwargs: Any) -> Call:
    return Call({"actor": actor, "enrolment": enrolment, **kwargs}, enrolment.participant_id)


def when_and_where() -> dict[str, Any]:
    return {"occurred_at": timezone.now() - DAYS(1), "mode": "face_to_face", "place": "office"}


def recorded_meeting(w: World) -> Any:
    return casework.record_meeting(**meeting_call(w).kwargs)


def meeting_call(w: World) -> Call:
    return on_case(
        w.joint,
        w.personas.fk_caseworker,
        meeting_type="joint_follow_up",
        attendees=[casework.AttendeeInput("participant")],
        **when_and_where(),
    )


FINAL_TEXT = documents.FinalText(
    joint_planning="Mål: arbete.",
    activities="Arbetsträning.",
    prerequisites="yes",
    assessment="Kan delta i arbetsförberedande insatser.",
)


def final_document(w: World, *, approved: bool = False, signed: bool = False) -> Any:
    document = documents.write_final_document(
        actor=w.personas.fk_caseworker, enrolment=w.joint, text=FINAL_TEXT
    )
    if approved or signed:
        for caseworker in (w.personas.fk_caseworker, w.personas.af_caseworker):
            documents.approve_final_document(actor=caseworker, document=document, day=TODAY)
    if signed:
        documents.sign_final_document(actor=w.personas.fk_caseworker, document=document, day=TODAY)
    return document


def on_document(w: World, document: Any, **kwargs: Any) -> Call:
    return Call(
        {"actor": w.personas.fk_caseworker, "document": document, **kwargs},
        w.personas.joint.pk,
    )


LAST_MONTH = first_of_month(first_of_month(TODAY) - DAYS(1))
