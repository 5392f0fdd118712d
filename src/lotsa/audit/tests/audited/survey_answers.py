"""The rows of answering surveys: the participant in their own space (and the pages that list
and open their surveys), paper surveys typed in by staff, and one-time links with their
refusals. Only the participant's own answer names a person: the one acting."""

from __future__ import annotations

from lotsa.audit.tests.audited.rows import TODAY, Call, Case, E, World, one, refused
from lotsa.errors import Forbidden, NotFound
from lotsa.participant_space import queries as space_queries
from lotsa.participant_space.models import ParticipantAccount
from lotsa.pathways.models import Enrolment
from lotsa.surveys.instruments import current_instrument
from lotsa.surveys.models import (
    SurveyId,
    SurveyKey,
    SurveyLink,
    SurveyRound,
    hash_link_token,
    new_survey_code,
)
from lotsa.surveys.queries import answering as answering_queries
from lotsa.surveys.queries.answering import LinkRefused
from lotsa.surveys.services import responses
from lotsa.surveys.tests.conftest import DAYS, TOKEN, answers
from lotsa.testing.factories import ParticipantAccountFactory

INSTRUMENT = "amia_participant"


def _with_survey_id(w: World) -> tuple[ParticipantAccount, Enrolment, SurveyId]:
    enrolment = w.case("amia", referred_on=TODAY - DAYS(10), started_on=TODAY - DAYS(3))
    survey_id = SurveyId.objects.create(
        code=new_survey_code(), unit_id=enrolment.unit_id, programme="amia", issued_on=TODAY
    )
    SurveyKey.objects.create(
        survey_id=survey_id,
        participant_id=enrolment.participant_id,
        programme="amia",
        issued_by=w.personas.coordinator,
    )
    account = ParticipantAccountFactory(participants=[enrolment.participant])
    return account, enrolment, survey_id


def _own(w: World) -> Call:
    account, enrolment, _survey_id = _with_survey_id(w)
    instrument = current_instrument(INSTRUMENT)
    return Call(
        {
            "actor": account.user,
            "enrolment": enrolment,
            "instrument": instrument,
            "wave": "t1",
            "checked": answers(instrument),
        },
        enrolment.participant_id,
    )


def _someone_elses(w: World) -> Call:
    kwargs = _own(w).kwargs
    other = ParticipantAccountFactory(participants=[w.personas.own])
    return Call(kwargs | {"actor": other.user})


def _paper(w: World, actor_name: str = "coach_a") -> Call:
    _account, _enrolment, survey_id = _with_survey_id(w)
    instrument = current_instrument(INSTRUMENT)
    return Call(
        {
            "actor": getattr(w.personas, actor_name),
            "code": survey_id.code,
            "instrument": instrument,
            "wave": "t1",
            "answered_on": TODAY,
            "checked": answers(instrument),
        }
    )


def _link(w: World, *, used: bool = False) -> SurveyLink:
    instrument = current_instrument(INSTRUMENT)
    survey_round = SurveyRound.objects.create(
        unit=w.personas.unit_a,
        instrument=instrument.code,
        version=instrument.version,
        title="Brukarenkät",
        opens_on=TODAY,
        closes_on=TODAY + DAYS(30),
        invited=10,
        created_by=w.personas.team_leader_a,
    )
    return SurveyLink.objects.create(
        round=survey_round, token_hash=hash_link_token(TOKEN), used_on=TODAY if used else None
    )


def _by_link(w: World, *, used: bool = False) -> Call:
    _link(w, used=used)
    return Call({"token": TOKEN, "checked": answers(current_instrument(INSTRUMENT))})


def _open_wave(w: World) -> Call:
    account, enrolment, _survey_id = _with_survey_id(w)
    return Call(
        {
            "user": account.user,
            "enrolment_id": enrolment.pk,
            "instrument": INSTRUMENT,
            "wave": "t1",
        },
        enrolment.participant_id,
    )


def _surveys(w: World) -> Call:
    opened = _open_wave(w)
    return Call({"user": opened.kwargs["user"]}, opened.participant)


SURVEY_ANSWER_WRITES: list[Case] = [
    one(responses.answer_own_survey, E.SURVEY_RESPONSE_RECORDED, _own, "own space"),
    refused(responses.answer_own_survey, E.ACCESS_DENIED, _someone_elses, NotFound, "not theirs"),
    one(responses.enter_paper_survey, E.SURVEY_RESPONSE_RECORDED, _paper, "paper"),
    refused(
        responses.enter_paper_survey,
        E.ACCESS_DENIED,
        lambda w: _paper(w, "analyst"),
        Forbidden,
        "a role that does not enter answers",
    ),
    one(responses.answer_by_link, E.SURVEY_RESPONSE_RECORDED, _by_link, "one-time link"),
    refused(
        responses.answer_by_link,
        E.SURVEY_LINK_REFUSED,
        lambda w: _by_link(w, used=True),
        LinkRefused,
        "used",
    ),
]

SURVEY_ANSWER_READS: list[Case] = [
    refused(
        answering_queries.usable_link,
        E.SURVEY_LINK_REFUSED,
        lambda w: Call({"token": "no-such-token"}),
        NotFound,
        "unknown",
    ),
    refused(
        answering_queries.refuse_link,
        E.SURVEY_LINK_REFUSED,
        lambda w: Call({"link": _link(w, used=True), "reason": "used"}),
        LinkRefused,
        "used",
    ),
    one(space_queries.surveys_for, E.OWN_RECORD_VIEWED, _surveys),
    one(space_queries.get_own_open_wave, E.OWN_RECORD_VIEWED, _open_wave),
]
