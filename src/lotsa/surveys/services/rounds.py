"""Survey rounds: sending a user, staff or steering-group survey, the one-time links of a user
survey, and staff answering a round.

A one-time link's token is shown once, when it is made; only its SHA-256 is kept, so the
stored links cannot be turned back into addresses. A staff member's answer is kept apart from
the fact that they answered (``RoundParticipation``), and its audit entry names the round, not
the response, so neither the data nor the audit trail tells whose answers are whose.
"""

from __future__ import annotations

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError
from lotsa.organisations.models import Membership, Organisation, Unit
from lotsa.surveys.answers import CheckedAnswers
from lotsa.surveys.instruments import STAFF_AUDIENCES, Instrument, current_instruments, instrument
from lotsa.surveys.models import (
    Channel,
    RoundParticipation,
    SurveyLink,
    SurveyRound,
    hash_link_token,
)
from lotsa.surveys.services.responses import save_response

# Surveys sent in rounds rather than answered under a survey ID.
ROUND_AUDIENCES = ("user", *sorted(STAFF_AUDIENCES))
# One printed list at a time: enough for a unit's users, small enough to hand out.
MOST_LINKS_AT_ONCE = 500
LINK_TOKEN_BYTES = 24


def round_instruments() -> list[Instrument]:
    """The current version of every survey that is sent in rounds."""
    return [each for each in current_instruments() if each.audience in ROUND_AUDIENCES]


def create_round(
    *,
    actor: Actor,
    unit: Unit,
    instrument_code: str,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    invited: int,
) -> SurveyRound:
    """A new round of a user, staff or steering-group survey in the unit, with the current
    version of the survey."""
    require_running(actor, unit.pk, "organisations.unit", unit.pk)
    errors: dict[str, str] = {}
    survey = next((each for each in round_instruments() if each.code == instrument_code), None)
    if survey is None:
        errors["instrument_code"] = _("Choose a survey that is sent in rounds.")
    if closes_on < opens_on:
        errors["closes_on"] = _("The round cannot close before it opens.")
    if invited < 1:
        errors["invited"] = _("At least one person must be asked.")
    if errors or survey is None:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        survey_round = SurveyRound.objects.create(
            unit=unit,
            instrument=survey.code,
            version=survey.version,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            invited=invited,
            created_by=actor,
        )
        record(
            AuditEvent.SURVEY_ROUND_SAVED,
            actor=actor,
            obj=survey_round,
            changes={
                "instrument": survey.code,
                "version": survey.version,
                "opens_on": opens_on,
                "closes_on": closes_on,
                "invited": invited,
            },
        )
    return survey_round


def create_links(*, actor: Actor, survey_round: SurveyRound, count: int) -> list[str]:
    """``count`` new one-time links to a user survey's round. The tokens are returned once and
    never stored; the audit entry holds the number only."""
    require_running(actor, survey_round.unit_id, "surveys.surveyround", survey_round.pk)
    if instrument(survey_round.instrument, survey_round.version).audience != "user":
        raise DomainError({"count": _("Only a user survey is answered through one-time links.")})
    if not 1 <= count <= MOST_LINKS_AT_ONCE:
        raise DomainError(
            {
                "count": _("Make between 1 and %(most)d links at a time.")
                % {"most": MOST_LINKS_AT_ONCE}
            }
        )
    tokens = [secrets.token_urlsafe(LINK_TOKEN_BYTES) for _n in range(count)]
    with transaction.atomic(durable=True):
        SurveyLink.objects.bulk_create(
            SurveyLink(round=survey_round, token_hash=hash_link_token(token)) for token in tokens
        )
        record(
            AuditEvent.SURVEY_LINKS_CREATED,
            actor=actor,
            obj=survey_round,
            changes={"count": count},
        )
    return tokens


def answer_round(*, actor: Actor, survey_round: SurveyRound, checked: CheckedAnswers) -> None:
    """A staff member's answer to a staff or steering-group round of their unit, once, while
    the round is open. The response keeps the respondent's group, never the respondent."""
    today = timezone.localdate()
    membership = (
        Membership.objects.active_on(today)
        .filter(user=actor, unit_id=survey_round.unit_id)
        .select_related("employer")
        .first()
    )
    if membership is None or survey_round.unit_id not in access.unit_ids_for(
        actor, access.Action.ANSWER_STAFF_SURVEY
    ):
        access.refuse(
            actor,
            access.Action.ANSWER_STAFF_SURVEY,
            object_type="surveys.surveyround",
            object_id=survey_round.pk,
        )
    survey = instrument(survey_round.instrument, survey_round.version)
    if survey.audience not in STAFF_AUDIENCES:
        raise DomainError(_("This survey is not answered by staff."))
    if not survey_round.opens_on <= today <= survey_round.closes_on:
        raise DomainError(_("The round is not open for answers."))
    with transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                RoundParticipation.objects.create(round=survey_round, user=actor)
        except IntegrityError:
            raise DomainError(_("You have already answered this round.")) from None
        save_response(
            instrument=survey,
            checked=checked,
            channel=Channel.STAFF,
            answered_on=today,
            survey_round=survey_round,
            respondent_group=_group_of(survey, membership.employer),
        )
        # The round, not the response: with the actor, a response id would say whose it is.
        record(
            AuditEvent.SURVEY_RESPONSE_RECORDED,
            actor=actor,
            obj=survey_round,
            changes={"channel": Channel.STAFF.value},
        )


def _group_of(survey: Instrument, employer: Organisation) -> str:
    """The respondent's group as the survey defines its groups, by their employer's kind."""
    group = survey.respondent_group_for(employer.kind)
    return group.code if group is not None else ""


def require_running(actor: Actor, unit_id: int, object_type: str, object_id: object) -> None:
    """Refuse (404, logged) unless the actor runs the surveys of the unit the record is in."""
    if unit_id not in access.unit_ids_for(actor, access.Action.RUN_SURVEYS):
        access.refuse(
            actor, access.Action.RUN_SURVEYS, object_type=object_type, object_id=object_id
        )
