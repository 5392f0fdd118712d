"""Participant surveys: a survey ID for most cases of a programme with a participant survey, and
the answers of the waves each case has reached. Answers lean a little more positive at later
waves, so the paired change and the indicators have something to show."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from lotsa.surveys.instruments import Instrument, Scale, current_instruments
from lotsa.surveys.models import SURVEY_ID_ALPHABET, SURVEY_ID_LENGTH
from lotsa.tools.synth.tables import CaseFacts, Table, at

if TYPE_CHECKING:
    from lotsa.tools.synth.generate import Generator

ISSUED_SHARE = 0.85
# The share of those asked who answer, by how far into the case the wave falls.
ANSWERED_SHARE = {"first": 0.9, "middle": 0.7, "end": 0.6, "after": 0.5}
# When each wave falls in a case: at the start, half-way, at the end, or 90 days after the end.
WAVE_TIMING = {
    "t1": "first",
    "t2": "middle",
    "t3": "end",
    "exit": "end",
    "course_end": "end",
    "d90": "after",
}
DAYS_AFTER = 90


def tables(generator: Generator) -> Iterator[Table]:
    ids: list[tuple[Any, ...]] = []
    keys: list[tuple[Any, ...]] = []
    responses: list[tuple[Any, ...]] = []
    answers: list[tuple[Any, ...]] = []
    by_programme: dict[str, list[Instrument]] = {}
    for instrument in current_instruments("participant"):
        for programme in instrument.programmes:
            by_programme.setdefault(programme, []).append(instrument)
    rng = generator.survey_rng
    # One ID per person and programme: a second case of the same programme answers under the
    # first case's ID only in real life, so the generator leaves it without.
    issued: set[tuple[int, str]] = set()
    for case in generator.started_cases():
        instruments = by_programme.get(case.model)
        if (
            not instruments
            or (case.participant, case.model) in issued
            or rng.random() >= ISSUED_SHARE
        ):
            continue
        issued.add((case.participant, case.model))
        survey_id = len(ids) + 1
        ids.append(
            (survey_id, _code(survey_id), case.unit, case.model,
             generator.participant_sex[case.participant], case.started_on)
        )  # fmt: skip
        keys.append((survey_id, survey_id, case.participant, case.model, case.staff,
                     at(case.started_on, 10)))  # fmt: skip
        for instrument in instruments:
            for step, wave in enumerate(instrument.waves):
                day = _wave_day(generator, case, WAVE_TIMING.get(wave, "end"))
                if day is None or rng.random() >= ANSWERED_SHARE[WAVE_TIMING.get(wave, "end")]:
                    continue
                response = len(responses) + 1
                on_paper = rng.random() < 0.5
                responses.append(
                    (response, instrument.code, instrument.version, wave, survey_id, None,
                     case.unit, "paper" if on_paper else "own_space",
                     case.staff if on_paper else None, day, "", False)
                )  # fmt: skip
                scaled = [item for item in instrument.items if item.scale is not None]
                first = len(answers) + 1
                answers.extend(
                    (first + n, response, item.code, _value(rng, item.scale, step), "[]", "")
                    for n, item in enumerate(scaled)
                )
    yield Table(
        "surveys_surveyid",
        ("id", "code", "unit_id", "programme", "sex", "issued_on"),
        iter(ids),
    )
    yield Table(
        "surveys_surveykey",
        ("id", "survey_id_id", "participant_id", "programme", "issued_by_id", "issued_at"),
        iter(keys),
    )
    yield Table(
        "surveys_response",
        ("id", "instrument", "version", "wave", "survey_id_id", "round_id", "unit_id", "channel",
         "entered_by_id", "answered_on", "respondent_group", "screened_out"),
        iter(responses),
    )  # fmt: skip
    yield Table(
        "surveys_answer",
        ("id", "response_id", "item", "value", "choices", "text"),
        iter(answers),
    )


def _code(n: int) -> str:
    """A unique code per ID: the number written in the survey alphabet."""
    digits = []
    base = len(SURVEY_ID_ALPHABET)
    for _ in range(SURVEY_ID_LENGTH):
        n, digit = divmod(n, base)
        digits.append(SURVEY_ID_ALPHABET[digit])
    return "".join(reversed(digits))


def _wave_day(generator: Generator, case: CaseFacts, timing: str) -> datetime.date | None:
    start, end, today = case.started_on, case.end, generator.today
    if timing == "first":
        return start
    if timing == "middle":
        middle = start + ((end or today) - start) / 2
        return middle if end is not None or (today - start).days > 60 else None
    if end is None:
        return None
    day = end + datetime.timedelta(days=DAYS_AFTER) if timing == "after" else end
    return day if day <= today else None


def _value(rng: random.Random, scale: Scale | None, step: int) -> int:
    """A scale answer, drawn towards the positive end a little more at each later wave."""
    assert scale is not None
    if rng.random() < min(step * 0.12, 0.4):
        return max(scale.positive)
    return rng.choice(scale.values)
