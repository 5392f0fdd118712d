"""Every write of surveys: issuing survey IDs, and keeping responses.

A survey ID is issued by the coordinator for one participant and one programme; the key to the
person goes into its own table and the audit entry names the participant, never the ID, so the
audit trail cannot serve as a second key. Responses are saved against the ID or a round only.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError
from lotsa.pathways.models import Enrolment
from lotsa.surveys.answers import CheckedAnswers
from lotsa.surveys.instruments import Instrument
from lotsa.surveys.models import (
    Answer,
    Channel,
    Response,
    SurveyId,
    SurveyKey,
    SurveyRound,
    new_survey_code,
)

# Codes are drawn at random from 31^8; a clash is retried rather than prevented.
CODE_ATTEMPTS = 5


def issue_survey_id(*, actor: Actor, enrolment: Enrolment) -> SurveyId:
    """A new survey ID for the enrolment's participant and programme, by the coordinator of its
    unit. One per participant and programme: T2 and T3 are answered under T1's ID."""
    if enrolment.unit_id not in access.unit_ids_for(actor, access.Action.ISSUE_SURVEY_ID):
        access.refuse(
            actor,
            access.Action.ISSUE_SURVEY_ID,
            object_type="pathways.enrolment",
            object_id=enrolment.pk,
            participant_id=enrolment.participant_id,
        )
    with transaction.atomic(durable=True):
        if SurveyKey.objects.filter(
            participant_id=enrolment.participant_id, programme=enrolment.programme_model
        ).exists():
            raise DomainError(
                _(
                    "This participant already has a survey ID for this programme; every survey "
                    "is answered under it."
                )
            )
        survey_id = _new_survey_id(enrolment)
        SurveyKey.objects.create(
            survey_id=survey_id,
            participant_id=enrolment.participant_id,
            programme=enrolment.programme_model,
            issued_by=actor,
        )
        record(
            AuditEvent.SURVEY_ID_ISSUED,
            actor=actor,
            object_type="surveys.surveykey",
            participant_id=enrolment.participant_id,
            changes={"programme": enrolment.programme_model, "unit": enrolment.unit_id},
        )
    return survey_id


def _new_survey_id(enrolment: Enrolment) -> SurveyId:
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return SurveyId.objects.create(
                    code=new_survey_code(),
                    unit_id=enrolment.unit_id,
                    programme=enrolment.programme_model,
                    sex=enrolment.participant.sex,
                    issued_on=timezone.localdate(),
                )
        except IntegrityError:
            continue
    raise RuntimeError("no free survey ID found")


def save_response(
    *,
    instrument: Instrument,
    checked: CheckedAnswers,
    channel: Channel,
    answered_on: datetime.date,
    survey_id: SurveyId | None = None,
    wave: str = "",
    survey_round: SurveyRound | None = None,
    entered_by: Actor | None = None,
    respondent_group: str = "",
) -> Response:
    """Keep one response and its answers, inside the caller's transaction (the caller checks
    access and writes the audit entry). A second answer to the same wave is refused."""
    if survey_id is not None:
        if wave not in instrument.waves:
            raise DomainError({"wave": _("This survey is not answered at that time.")})
        if Response.objects.filter(
            survey_id=survey_id, instrument=instrument.code, wave=wave
        ).exists():
            raise DomainError(
                {"wave": _("This survey has already been answered at this time under this ID.")}
            )
    response = Response.objects.create(
        instrument=instrument.code,
        version=instrument.version,
        wave=wave,
        survey_id=survey_id,
        round=survey_round,
        unit_id=survey_id.unit_id if survey_id is not None else survey_round.unit_id,  # type: ignore[union-attr]
        channel=channel,
        entered_by=entered_by if channel == Channel.PAPER else None,
        answered_on=answered_on,
        respondent_group=respondent_group,
        screened_out=checked.screened_out,
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            item=code,
            value=answer.value,
            choices=list(answer.choices),
            text=answer.text or answer.other,
        )
        for code, answer in checked.answers.items()
    )
    return response
