"""What answering a survey reads: the waves a participant has open, and the one-time link a
token opens.

A participant's own survey ID is read here through the key (``SurveyKey``) to learn whether it
exists and which waves it has answered; it never leaves this module, so no page shows it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NoReturn

from django.utils import timezone

from lotsa.audit.context import client_address
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import NotFound
from lotsa.pathways.deadlines import DeadlineState, deadlines_of, rule_records, unit_rules
from lotsa.pathways.definitions.programme import SurveyWave
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment
from lotsa.surveys.instruments import Instrument, current_instrument, instrument
from lotsa.surveys.models import Response, SurveyKey, SurveyLink, hash_link_token

# A wave is answered from the day its deadline is near (or past) until it is met.
OPEN_STATES = (DeadlineState.DUE, DeadlineState.OVERDUE)


@dataclass(frozen=True)
class OpenWave:
    """A survey the participant is asked to answer now, for one of their enrolments."""

    enrolment: Enrolment
    wave: SurveyWave
    instrument: Instrument
    due_on: datetime.date


def open_waves(enrolments: list[Enrolment], today: datetime.date) -> list[OpenWave]:
    """The waves of the enrolments (read ``with_deadline_facts``) that are due, have a survey
    ID to be answered under and are not answered yet; a fixed number of queries for them all."""
    scheduled = [e for e in enrolments if _programme_waves(e)]
    if not scheduled:
        return []
    ids = {
        (participant, programme): survey_id
        for participant, programme, survey_id in SurveyKey.objects.filter(
            participant_id__in={e.participant_id for e in scheduled},
            programme__in={e.programme_model for e in scheduled},
        ).values_list("participant_id", "programme", "survey_id_id")
    }
    answered = set(
        Response.objects.filter(survey_id_id__in=ids.values()).values_list(
            "survey_id_id", "instrument", "wave"
        )
    )
    rules = unit_rules({e.unit_id for e in scheduled})
    records = rule_records(scheduled)
    found = []
    for enrolment in scheduled:
        survey_id = ids.get((enrolment.participant_id, enrolment.programme_model))
        if survey_id is None:
            continue
        statuses = {
            status.code: status
            for status in deadlines_of(enrolment, rules, today, records.get(enrolment.pk))
        }
        for wave in _programme_waves(enrolment):
            status = statuses.get(wave.deadline)
            if status is None or status.state not in OPEN_STATES:
                continue
            if (survey_id, wave.instrument, wave.wave) in answered:
                continue
            found.append(
                OpenWave(enrolment, wave, current_instrument(wave.instrument), status.due_on)
            )
    return sorted(found, key=lambda open_wave: open_wave.due_on)


def _programme_waves(enrolment: Enrolment) -> tuple[SurveyWave, ...]:
    programme = registry().get(enrolment.programme_model)
    return programme.survey_waves if programme is not None else ()


# ------------------------------------------------------------------ one-time links


class LinkRefused(Exception):
    """A link that was answered already, or whose round is not open: a page saying so."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


USED = "used"
CLOSED = "closed"


def usable_link(token: str) -> tuple[SurveyLink, Instrument]:
    """The link a token opens and the survey it asks, if it may still be answered. A token no
    link has answers 404; a used link or a round not open is refused (``LinkRefused``). Every
    refusal is audited, naming the link at most, never who holds it."""
    link = (
        SurveyLink.objects.select_related("round").filter(token_hash=hash_link_token(token)).first()
    )
    if link is None:
        with without_address():
            record(
                AuditEvent.SURVEY_LINK_REFUSED,
                actor=None,
                object_type="surveys.surveylink",
                changes={"reason": "unknown"},
            )
        raise NotFound("surveys.surveylink")
    if link.used_on is not None:
        refuse_link(link, USED)
    today = timezone.localdate()
    if not link.round.opens_on <= today <= link.round.closes_on:
        refuse_link(link, CLOSED)
    return link, instrument(link.round.instrument, link.round.version)


def refuse_link(link: SurveyLink, reason: str) -> NoReturn:
    with without_address():
        record(
            AuditEvent.SURVEY_LINK_REFUSED,
            actor=None,
            object_type="surveys.surveylink",
            object_id=str(link.pk),
            changes={"reason": reason, "round": link.round_id},
        )
    raise LinkRefused(reason)


@contextmanager
def without_address() -> Iterator[None]:
    """The audit entries of a one-time link keep no network address: it could tell who holds
    the link, and so who answered."""
    token = client_address.set(None)
    try:
        yield
    finally:
        client_address.reset(token)
