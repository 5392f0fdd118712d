"""The rows of the coordinator's and the unit's survey work: reads of the survey key, rounds
and their links, staff answers, focus groups and findings. The rounds use the test surveys the
``round_instruments`` fixture installs."""

from __future__ import annotations

import datetime
from decimal import Decimal

from lotsa.audit.tests.audited.rows import TODAY, Call, Case, E, World, one
from lotsa.people import services as people
from lotsa.surveys.answers import CheckedAnswers, ItemAnswer
from lotsa.surveys.models import Finding, SurveyId, SurveyRound
from lotsa.surveys.queries import coordination as queries
from lotsa.surveys.services import findings, rounds
from lotsa.surveys.services import ids as survey_ids

DAYS = datetime.timedelta


def issued_id(w: World) -> SurveyId:
    """A survey ID of the joint team's AMiA case, under the participant's survey consent."""
    people.record_consent(
        actor=w.personas.fk_caseworker, participant=w.personas.joint, kind="survey", given_on=TODAY
    )
    return survey_ids.issue_survey_id(actor=w.personas.coordinator, enrolment=w.joint)


def _round(w: World, code: str = "test_staff") -> SurveyRound:
    return rounds.create_round(
        actor=w.personas.coordinator,
        unit=w.personas.joint_team,
        instrument_code=code,
        title="Round",
        opens_on=TODAY - DAYS(1),
        closes_on=TODAY + DAYS(14),
        invited=6,
    )


def _finding(w: World) -> Finding:
    return findings.save_finding(
        actor=w.personas.coordinator,
        unit=w.personas.joint_team,
        text="Long waits for a first meeting.",
        category="can_do_now",
        owner=w.personas.fk_caseworker,
        follow_up_on=TODAY + DAYS(30),
        source_note="User survey",
    )


def _create_round(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.coordinator,
            "unit": w.personas.joint_team,
            "instrument_code": "test_staff",
            "title": "Spring round",
            "opens_on": TODAY,
            "closes_on": TODAY + DAYS(14),
            "invited": 8,
        }
    )


def _answer(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.fk_caseworker,
            "survey_round": _round(w),
            "checked": CheckedAnswers({"cooperation": ItemAnswer(value=4)}),
        }
    )


SURVEY_COORDINATION_WRITES: list[Case] = [
    one(rounds.create_round, E.SURVEY_ROUND_SAVED, _create_round),
    one(
        rounds.create_links,
        E.SURVEY_LINKS_CREATED,
        lambda w: Call(
            {"actor": w.personas.coordinator, "survey_round": _round(w, "test_user"), "count": 3}
        ),
    ),
    one(rounds.answer_round, E.SURVEY_RESPONSE_RECORDED, _answer),
    one(
        findings.save_focus_group,
        E.FOCUS_GROUP_SAVED,
        lambda w: Call(
            {
                "actor": w.personas.coordinator,
                "unit": w.personas.joint_team,
                "held_on": TODAY,
                "sessions": 2,
                "hours": Decimal("3.0"),
                "moderator": "Moderator",
            }
        ),
    ),
    one(
        findings.save_finding,
        E.FINDING_SAVED,
        lambda w: Call(
            {
                "actor": w.personas.coordinator,
                "unit": w.personas.joint_team,
                "text": "Few meeting rooms.",
                "category": "can_be_eased",
                "owner": w.personas.af_caseworker,
                "follow_up_on": TODAY + DAYS(20),
                "source_note": "Staff survey",
            }
        ),
    ),
    one(
        findings.review_finding,
        E.FINDING_REVIEWED,
        lambda w: Call(
            {
                "actor": w.personas.coordinator,
                "finding": _finding(w),
                "reviewed_on": TODAY,
                "done": True,
            }
        ),
    ),
]

SURVEY_COORDINATION_READS: list[Case] = [
    one(
        queries.survey_ids_for,
        E.SURVEY_KEY_VIEWED,
        lambda w: (issued_id(w), Call({"user": w.personas.coordinator}))[1],
        "the list",
    ),
    one(
        queries.survey_key,
        E.SURVEY_KEY_VIEWED,
        lambda w: Call(
            {"user": w.personas.coordinator, "survey_id_pk": issued_id(w).pk}, w.personas.joint.pk
        ),
        "one ID",
    ),
]
