"""Survey fixtures: a survey consent and an ID issued by the coordinator of the joint team;
an AMiA case whose participant has an account and a survey ID, with the T1 survey due; a
round of a user survey with one-time links."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from lotsa.organisations.models import Role
from lotsa.participant_space.models import ParticipantAccount
from lotsa.pathways.models import Enrolment
from lotsa.people.services import record_consent
from lotsa.surveys.answers import CheckedAnswers, ItemAnswer, check_answers
from lotsa.surveys.instruments import Instrument, current_instrument
from lotsa.surveys.models import (
    SurveyId,
    SurveyKey,
    SurveyLink,
    SurveyRound,
    hash_link_token,
    new_survey_code,
)
from lotsa.surveys.services.ids import issue_survey_id
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    ParticipantAccountFactory,
    UserFactory,
)
from lotsa.testing.personas import Personas


@pytest.fixture
def survey_consent(personas: Personas) -> Any:
    """Record the participant's consent to survey participation, given a week ago."""

    def give(enrolment: Enrolment) -> None:
        record_consent(
            actor=enrolment.responsible_staff or personas.fk_caseworker,
            participant=enrolment.participant,
            kind="survey",
            given_on=timezone.localdate() - datetime.timedelta(days=7),
        )

    return give


@pytest.fixture
def joint_case(personas: Personas) -> Enrolment:
    return Enrolment.objects.get(participant=personas.joint)


@pytest.fixture
def issued(personas: Personas, joint_case: Enrolment, survey_consent: Any) -> SurveyId:
    """A survey ID for the joint team's AMiA case, issued by its coordinator."""
    survey_consent(joint_case)
    return issue_survey_id(actor=personas.coordinator, enrolment=joint_case)


@pytest.fixture
def other_coordinator(personas: Personas) -> Any:
    """The coordinator of another AMiA team."""
    user = UserFactory.create(username="coordinator_elsewhere")
    MembershipFactory.create(user=user, unit=personas.unit_b, role=Role.COORDINATOR)
    EnrolmentFactory.create(unit=personas.unit_b, programme_model="amia", phase="mapping")
    return user


DAYS = datetime.timedelta
TOKEN = "a-one-time-token-handed-out-once"


@dataclass
class Answering:
    personas: Personas
    enrolment: Enrolment
    account: ParticipantAccount
    survey_id: SurveyId
    instrument: Instrument


def issue(personas: Personas, enrolment: Enrolment, *, issued_on: datetime.date) -> SurveyId:
    """A survey ID and its key, as the coordinator's service leaves them."""
    survey_id = SurveyId.objects.create(
        code=new_survey_code(),
        unit_id=enrolment.unit_id,
        programme=enrolment.programme_model,
        issued_on=issued_on,
    )
    SurveyKey.objects.create(
        survey_id=survey_id,
        participant_id=enrolment.participant_id,
        programme=enrolment.programme_model,
        issued_by=personas.coach_a,
    )
    return survey_id


def answers(instrument: Instrument, value: int = 1) -> CheckedAnswers:
    """Every question with an answer scale answered with ``value``."""
    return check_answers(
        instrument,
        {item.code: ItemAnswer(value=value) for item in instrument.items if item.scale},
    )


@pytest.fixture
def answering(personas: Personas, case: Callable[..., Enrolment], clock: object) -> Answering:
    enrolment = case("amia", referred_on=TODAY - DAYS(10), started_on=TODAY - DAYS(3))
    return Answering(
        personas,
        enrolment,
        ParticipantAccountFactory(participants=[enrolment.participant]),
        issue(personas, enrolment, issued_on=TODAY - DAYS(3)),
        current_instrument("amia_participant"),
    )


@pytest.fixture
def link_round(personas: Personas, clock: object) -> SurveyRound:
    """An open round of a user survey with a link for ``TOKEN``. The installed participant
    survey stands in for a user survey: answering a link does not look at the audience."""
    instrument = current_instrument("amia_participant")
    survey_round = SurveyRound.objects.create(
        unit=personas.unit_a,
        instrument=instrument.code,
        version=instrument.version,
        title="Brukarenkät",
        opens_on=TODAY - DAYS(1),
        closes_on=TODAY + DAYS(30),
        invited=20,
        created_by=personas.team_leader_a,
    )
    SurveyLink.objects.create(round=survey_round, token_hash=hash_link_token(TOKEN))
    return survey_round
