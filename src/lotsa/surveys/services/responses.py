"""Keeping responses: against a survey ID at a wave, or in a round, never against a person."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from lotsa.accounts.types import Actor
from lotsa.errors import DomainError
from lotsa.surveys.answers import CheckedAnswers
from lotsa.surveys.instruments import Instrument
from lotsa.surveys.models import Answer, Channel, Response, SurveyId, SurveyRound


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
