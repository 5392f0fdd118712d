"""Keeping responses: against a survey ID at a wave, or in a round, never against a person.

Three ways in: the participant answers in their own space (under their survey ID, found through
the key and never shown), staff type in a paper survey by the ID written on it, and anyone with a
one-time link answers a user survey once. A wave answered under an ID ticks its checklist item
on the enrolment, which meets the deadline that scheduled it; the tick says nothing of the
response. The audit entry of a paper or link answer names neither the person nor the ID; the
participant answering in their own space is named, being the actor, but the ID is not.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.access import Action
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError
from lotsa.pathways.definitions.programme import SurveyWave
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.enrolment_changes import check_day
from lotsa.pathways.services.enrolment_records import note_checklist_item
from lotsa.surveys.answers import CheckedAnswers
from lotsa.surveys.instruments import Instrument
from lotsa.surveys.models import (
    SURVEY_ID_ALPHABET,
    Answer,
    Channel,
    Response,
    SurveyId,
    SurveyKey,
    SurveyLink,
    SurveyRound,
)
from lotsa.surveys.queries.answering import (
    USED,
    LinkRefused,
    refuse_link,
    usable_link,
    without_address,
)


def answer_own_survey(
    *,
    actor: Actor,
    enrolment: Enrolment,
    instrument: Instrument,
    wave: str,
    checked: CheckedAnswers,
) -> Response:
    """The participant answers a wave of their programme's survey in their own space, under the
    survey ID issued to them for the programme."""
    own = access.get_own_enrolment(actor, enrolment.pk)
    scheduled = _scheduled(own.programme_model, instrument, wave)
    today = timezone.localdate()
    with transaction.atomic(durable=True):
        # The ID's row lock makes a double submit wait, then find the wave answered.
        survey_id = (
            SurveyId.objects.select_for_update(of=("self",))
            .filter(key__participant_id=own.participant_id, key__programme=own.programme_model)
            .first()
        )
        if survey_id is None:
            raise DomainError(
                _(
                    "You have no survey number for this programme yet. Ask the staff who work "
                    "with you."
                )
            )
        response = save_response(
            instrument=instrument,
            checked=checked,
            channel=Channel.OWN_SPACE,
            answered_on=today,
            survey_id=survey_id,
            wave=wave,
        )
        note_checklist_item(own, scheduled.checklist, today)
        record(
            AuditEvent.SURVEY_RESPONSE_RECORDED,
            actor=actor,
            object_type="surveys.response",
            participant_id=own.participant_id,
            changes=_described(instrument, wave, Channel.OWN_SPACE),
        )
    return response


def enter_paper_survey(
    *,
    actor: Actor,
    code: str,
    instrument: Instrument,
    wave: str,
    answered_on: datetime.date,
    checked: CheckedAnswers,
) -> Response:
    """Staff type in a survey answered on paper, by the survey ID written on it, in a unit
    where they enter survey answers. Whose ID it is they are never told."""
    access.require(actor, Action.ENTER_SURVEY_ANSWERS)
    units = access.unit_ids_for(actor, Action.ENTER_SURVEY_ANSWERS)
    check_day(answered_on, "answered_on")
    with transaction.atomic(durable=True):
        survey_id = (
            SurveyId.objects.select_for_update(of=("self",))
            .filter(code=normalised_code(code), unit_id__in=units)
            .first()
        )
        if survey_id is None:
            # The same words for an ID that does not exist and one of another unit.
            raise DomainError(
                {
                    "code": _(
                        "No survey ID with this code in your units. Check the code on the paper."
                    )
                }
            )
        scheduled = _scheduled(survey_id.programme, instrument, wave)
        check_day(
            answered_on,
            "answered_on",
            not_before=survey_id.issued_on,
            before_text=_("The survey ID was issued later than this date."),
        )
        response = save_response(
            instrument=instrument,
            checked=checked,
            channel=Channel.PAPER,
            answered_on=answered_on,
            survey_id=survey_id,
            wave=wave,
            entered_by=actor,
        )
        enrolment = _enrolment_behind(survey_id)
        if enrolment is not None:
            note_checklist_item(enrolment, scheduled.checklist, answered_on)
        record(
            AuditEvent.SURVEY_RESPONSE_RECORDED,
            actor=actor,
            object_type="surveys.response",
            changes=_described(instrument, wave, Channel.PAPER) | {"unit": survey_id.unit_id},
        )
    return response


def answer_by_link(*, token: str, checked: CheckedAnswers) -> Response:
    """Someone with a one-time link answers its user survey: once, with no account and nothing
    kept of who they are, not even the address they came from."""
    link, instrument = usable_link(token)
    today = timezone.localdate()
    try:
        with transaction.atomic(durable=True):
            # Two submits of one link at once: the second waits here and finds it used.
            locked = SurveyLink.objects.select_for_update().select_related("round").get(pk=link.pk)
            if locked.used_on is not None:
                raise LinkRefused(USED)
            locked.used_on = today
            locked.save(update_fields=["used_on"])
            response = save_response(
                instrument=instrument,
                checked=checked,
                channel=Channel.LINK,
                answered_on=today,
                survey_round=locked.round,
            )
            with without_address():
                record(
                    AuditEvent.SURVEY_RESPONSE_RECORDED,
                    actor=None,
                    object_type="surveys.response",
                    changes=_described(instrument, "", Channel.LINK) | {"round": locked.round_id},
                )
    except LinkRefused:
        # Outside the rolled-back transaction, so the refusal stays in the trail.
        refuse_link(link, USED)
    return response


def normalised_code(code: str) -> str:
    """A code as written on paper: spaces and dashes dropped, small letters made capitals."""
    return "".join(char for char in code.upper() if char in SURVEY_ID_ALPHABET)


def _scheduled(programme_code: str, instrument: Instrument, wave: str) -> SurveyWave:
    programme = registry().get(programme_code)
    scheduled = programme.survey_wave(instrument.code, wave) if programme is not None else None
    if scheduled is None:
        raise DomainError({"wave": _("This survey is not answered at that time.")})
    return scheduled


def _enrolment_behind(survey_id: SurveyId) -> Enrolment | None:
    """The latest enrolment, in the ID's unit and programme, of the person holding the ID."""
    key = SurveyKey.objects.filter(survey_id=survey_id).values_list("participant_id", flat=True)
    return (
        Enrolment.objects.filter(
            participant_id__in=key, programme_model=survey_id.programme, unit_id=survey_id.unit_id
        )
        .order_by("-referral_date", "-pk")
        .first()
    )


def _described(instrument: Instrument, wave: str, channel: Channel) -> dict[str, object]:
    return {
        "instrument": instrument.code,
        "version": instrument.version,
        "wave": wave,
        "channel": channel.value,
    }


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
