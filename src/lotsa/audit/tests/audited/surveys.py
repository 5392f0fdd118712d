"""The rows of surveys: survey IDs issued by the coordinator, answers, rounds and links, results,
and the triage of findings."""

from __future__ import annotations

from lotsa.audit.tests.audited.rows import TODAY, Call, Case, E, World, one
from lotsa.people import services as people
from lotsa.surveys.services import ids as survey_ids


def _issue(w: World) -> Call:
    people.record_consent(
        actor=w.personas.fk_caseworker, participant=w.personas.joint, kind="survey", given_on=TODAY
    )
    return Call({"actor": w.personas.coordinator, "enrolment": w.joint}, w.personas.joint.pk)


SURVEY_WRITES: list[Case] = [
    one(survey_ids.issue_survey_id, E.SURVEY_ID_ISSUED, _issue),
]
