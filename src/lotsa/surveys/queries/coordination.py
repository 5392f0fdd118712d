"""Reads for the coordinator's survey IDs and key, a unit's rounds and its findings.

The survey-ID list and the key page are the only reads that join a survey ID to a person;
each is a read of the key and writes ``SURVEY_KEY_VIEWED`` naming the people shown (never the
ID's code). Rounds and findings name nobody.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.organisations.models import Membership, Unit
from lotsa.pathways.models import OPEN_STATUSES, Enrolment
from lotsa.people.models import Consent, ConsentKind
from lotsa.surveys.instruments import (
    STAFF_AUDIENCES,
    Instrument,
    current_instruments,
    instrument,
    instruments,
)
from lotsa.surveys.models import (
    Finding,
    FindingCategory,
    FindingStatus,
    FocusGroup,
    Response,
    RoundParticipation,
    SurveyKey,
    SurveyRound,
)


def programmes_with_participant_surveys() -> set[str]:
    return {
        programme
        for survey in instruments().values()
        if survey.audience == "participant"
        for programme in survey.programmes
    }


def participant_surveys_of(programme: str) -> list[Instrument]:
    """The participant surveys a programme's participants answer under their survey ID."""
    return [
        survey for survey in current_instruments("participant") if programme in survey.programmes
    ]


def survey_id_candidates(units: Iterable[int]) -> QuerySet[Enrolment]:
    """The units' cases in programmes with participant surveys, open or holding an ID, each
    with its survey ID (if issued) and whether the survey consent is in force."""
    key = SurveyKey.objects.filter(
        participant_id=OuterRef("participant_id"), programme=OuterRef("programme_model")
    )
    consent = Consent.objects.in_force_on(timezone.localdate()).filter(
        participant_id=OuterRef("participant_id"), kind=ConsentKind.SURVEY
    )
    return (
        Enrolment.objects.filter(
            unit_id__in=list(units), programme_model__in=programmes_with_participant_surveys()
        )
        .annotate(
            survey_id_pk=Subquery(key.values("survey_id_id")[:1]),
            survey_code=Subquery(key.values("survey_id__code")[:1]),
            survey_consent=Exists(consent),
        )
        .filter(Q(status__in=OPEN_STATUSES) | Q(survey_id_pk__isnull=False))
        .select_related("participant", "unit")
        .order_by("unit__name", "participant__last_name", "participant__first_name", "pk")
    )


def survey_ids_for(user: Actor) -> list[Enrolment]:
    """The cases of the units where the user is coordinator, with their survey IDs: a read of
    the key, naming every person listed."""
    cases = list(survey_id_candidates(access.unit_ids_for(user, access.Action.READ_SURVEY_KEY)))
    record(
        AuditEvent.SURVEY_KEY_VIEWED,
        actor=user,
        object_type="surveys.surveykey",
        participants=[case.participant_id for case in cases],
    )
    return cases


def survey_key(user: Actor, survey_id_pk: object) -> SurveyKey:
    """Who holds one survey ID, for the coordinator of its unit (404 for everyone else)."""
    key = access.get_survey_key_for(user, survey_id_pk)
    record(
        AuditEvent.SURVEY_KEY_VIEWED,
        actor=user,
        object_type="surveys.surveykey",
        participant_id=key.participant_id,
    )
    return key


# ------------------------------------------------------------------ rounds


def units_running_surveys(user: Actor) -> list[Unit]:
    """The units whose rounds and findings the user runs, by name."""
    return list(
        Unit.objects.filter(pk__in=access.unit_ids_for(user, access.Action.RUN_SURVEYS)).order_by(
            "name"
        )
    )


@dataclass(frozen=True)
class RoundRow:
    round: SurveyRound
    survey: Instrument
    answered: int


def rounds_of(unit: Unit) -> list[RoundRow]:
    """The unit's rounds, newest first, each with its survey and number of answers."""
    answered = dict(
        Response.objects.filter(round__unit=unit)
        .values("round")
        .annotate(count=Count("pk"))
        .values_list("round", "count")
    )
    return [
        RoundRow(each, instrument(each.instrument, each.version), answered.get(each.pk, 0))
        for each in SurveyRound.objects.filter(unit=unit).order_by("-opens_on", "-pk")
    ]


@dataclass(frozen=True)
class RoundFacts:
    answered: int
    screened_out: int
    links_made: int
    links_used: int


def round_facts(survey_round: SurveyRound) -> RoundFacts:
    facts = SurveyRound.objects.filter(pk=survey_round.pk).aggregate(
        answered=Count("responses", distinct=True),
        screened_out=Count("responses", filter=Q(responses__screened_out=True), distinct=True),
        links_made=Count("links", distinct=True),
        links_used=Count("links", filter=Q(links__used_on__isnull=False), distinct=True),
    )
    return RoundFacts(**facts)


def rounds_to_answer(user: Actor) -> list[SurveyRound]:
    """Open staff and steering-group rounds of the user's units they have not answered yet."""
    today = timezone.localdate()
    staff_codes = {
        code for (code, _v), survey in instruments().items() if survey.audience in STAFF_AUDIENCES
    }
    return list(
        SurveyRound.objects.filter(
            unit_id__in=access.unit_ids_for(user, access.Action.ANSWER_STAFF_SURVEY),
            instrument__in=staff_codes,
            opens_on__lte=today,
            closes_on__gte=today,
        )
        .exclude(Exists(RoundParticipation.objects.filter(round=OuterRef("pk"), user=user)))
        .select_related("unit")
        .order_by("closes_on", "pk")
    )


def has_answered(user: Actor, survey_round: SurveyRound) -> bool:
    return RoundParticipation.objects.filter(round=survey_round, user=user).exists()


def is_open(survey_round: SurveyRound, day: datetime.date | None = None) -> bool:
    day = day or timezone.localdate()
    return survey_round.opens_on <= day <= survey_round.closes_on


def round_audience(survey_round: SurveyRound) -> str:
    return instrument(survey_round.instrument, survey_round.version).audience


# ------------------------------------------------------------------ findings


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    # Still open after its follow-up day.
    overdue: bool


@dataclass(frozen=True)
class FindingGroup:
    category: str
    label: str
    rows: list[FindingRow]


def findings_of(unit: Unit) -> list[FindingGroup]:
    """The unit's findings under the three headings of the triage, open ones first."""
    findings = list(
        Finding.objects.filter(unit=unit)
        .select_related("owner", "round", "focus_group")
        .order_by("status", "follow_up_on", "pk")
    )
    today = timezone.localdate()
    return [
        FindingGroup(
            category,
            str(label),
            [
                FindingRow(each, is_overdue(each, today))
                for each in findings
                if each.category == category
            ],
        )
        for category, label in FindingCategory.choices
    ]


def is_overdue(finding: Finding, day: datetime.date | None = None) -> bool:
    return finding.status == FindingStatus.OPEN and finding.follow_up_on < (
        day or timezone.localdate()
    )


def focus_groups_of(unit: Unit) -> QuerySet[FocusGroup]:
    return FocusGroup.objects.filter(unit=unit).order_by("-held_on", "-pk")


def staff_of(unit: Unit) -> QuerySet[User]:
    """Who may own a finding: the unit's staff today."""
    members = Membership.objects.active_on(timezone.localdate()).filter(unit=unit)
    return User.objects.filter(pk__in=members.values("user_id")).order_by("last_name", "first_name")
