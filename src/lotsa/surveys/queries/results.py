"""Survey results as a viewer sees them: the instrument version, units and period chosen, the
figures (``surveys.results``), and the response-level export. Every read is audited, naming no
participant: the results are about survey IDs, and nothing here reads who holds one.

The units are those where the viewer's role allows ``VIEW_SURVEY_RESULTS``, chosen as the
outcome reports choose theirs (``outcomes.scope``): a unit or organisation outside them answers
404, logged, like one that does not exist.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError
from lotsa.outcomes.periods import Period, parse_period
from lotsa.outcomes.scope import Scope, resolve_scope
from lotsa.pathways.definitions.registry import registry
from lotsa.people.identity import Sex
from lotsa.surveys import instruments as registered
from lotsa.surveys.instruments import STAFF_AUDIENCES, Instrument
from lotsa.surveys.models import Answer, Channel
from lotsa.surveys.results import (
    SurveyResults,
    default_period,
    responses_of,
    survey_results,
    wave_label,
)

ACTION = access.Action.VIEW_SURVEY_RESULTS
PERIOD_KEYS = ("quarter", "start", "end")


@dataclass(frozen=True)
class Chosen:
    """What the viewer chose: the instrument version, the units and the period."""

    instrument: Instrument
    scope: Scope
    period: Period

    @property
    def audited(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument.code,
            "version": self.instrument.version,
            "period": [self.period.start.isoformat(), self.period.end.isoformat()],
            "units": sorted(self.scope.unit_ids),
        }


def instrument_chosen(params: dict[str, str]) -> Instrument:
    """The instrument named, at the version named or else its current one."""
    code = params.get("instrument", "").strip()
    installed = registered.instruments()
    if not code:
        first = registered.current_instruments("participant") or registered.current_instruments()
        return first[0]
    if not any(found == code for found, _version in installed):
        raise DomainError({"instrument": _("Choose one of the surveys.")})
    raw = params.get("version", "").strip()
    if not raw:
        return registered.current_instrument(code)
    try:
        return installed[(code, int(raw))]
    except (ValueError, KeyError):
        raise DomainError({"version": _("Choose one of the versions of this survey.")}) from None


def _chosen(user: Actor, params: dict[str, str], today: datetime.date) -> Chosen:
    if not access.unit_ids_for(user, ACTION):
        access.require(user, ACTION)
    instrument = instrument_chosen(params)
    if any(params.get(key, "").strip() for key in PERIOD_KEYS):
        period = parse_period(params, today)
    else:
        period = default_period(today)
    programme = (
        registry().get(instrument.programmes[0]) if len(instrument.programmes) == 1 else None
    )
    return Chosen(instrument, resolve_scope(user, params, programme, ACTION), period)


def survey_results_for(
    user: Actor, params: dict[str, str], today: datetime.date, *, exported_as: str = ""
) -> SurveyResults:
    """The results page (or, with ``exported_as``, an export of it), audited either way."""
    choice = _chosen(user, params, today)
    results = survey_results(
        choice.instrument, choice.scope.units, choice.period, choice.scope.label
    )
    if exported_as:
        record(
            AuditEvent.SURVEY_RESULTS_EXPORTED,
            actor=user,
            changes=choice.audited | {"format": exported_as},
        )
    else:
        record(AuditEvent.SURVEY_RESULTS_VIEWED, actor=user, changes=choice.audited)
    return results


def responses_for_export(
    user: Actor, params: dict[str, str], today: datetime.date, *, exported_as: str
) -> tuple[list[str], Iterator[list[Any]]]:
    """One line per response: its survey ID code, unit, programme, sex, wave, channel, month and
    answers, and nothing that leads to the person holding the ID. The month, not the day: a day
    together with the unit and sex could point at the one person who answered then, through
    the tick the answer left on their case. Staff and steering-group surveys are not given out
    response by response: a manager could tell who answered what."""
    choice = _chosen(user, params, today)
    instrument = choice.instrument
    if instrument.audience in STAFF_AUDIENCES:
        raise DomainError(
            {"instrument": _("Staff surveys are given out only as results, never as responses.")}
        )
    record(
        AuditEvent.SURVEY_RESULTS_EXPORTED,
        actor=user,
        changes=choice.audited | {"format": exported_as, "responses": True},
    )
    header = [
        _("Survey ID"),
        _("Unit"),
        _("Programme model"),
        _("Sex"),
        _("Wave"),
        _("Answered"),
        _("Month answered"),
        *(item.code for item in instrument.items),
    ]
    return [str(each) for each in header], _lines(instrument, choice)


def _lines(instrument: Instrument, choice: Chosen) -> Iterator[list[Any]]:
    """The lines, read in one query for the responses and one for their answers."""
    chosen = responses_of(instrument, choice.scope.unit_ids, choice.period)
    responses = list(chosen.select_related("survey_id", "unit").order_by("answered_on", "pk"))
    answers: dict[int, dict[str, Any]] = {}
    for response_id, item, value, choices, text in Answer.objects.filter(
        response__in=chosen
    ).values_list("response_id", "item", "value", "choices", "text"):
        # A choice item's "Other, what?" text follows its choices.
        shown = ", ".join([*choices, text] if text else choices) if choices else text or value
        answers.setdefault(response_id, {})[item] = shown
    sexes = dict(Sex.choices)
    channels = dict(Channel.choices)
    for response in responses:
        held = response.survey_id
        yield [
            held.code if held else "",
            response.unit.name,
            held.programme if held else "",
            str(sexes.get(held.sex, "")) if held else "",
            wave_label(response.wave) if response.wave else "",
            str(channels.get(response.channel, response.channel)),
            f"{response.answered_on:%Y-%m}",
            *(answers.get(response.pk, {}).get(item.code, "") for item in instrument.items),
        ]
