"""The floor of the survey results: on a few responses whose figures are worked out here, Lotsa's
results and the floor's SQL give those figures, and the comparison fails on one that differs."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.db import DatabaseError, connection

from lotsa.outcomes.periods import Period
from lotsa.surveys.instruments import current_instrument
from lotsa.surveys.results import survey_results
from lotsa.testing.factories import ResponseFactory, SurveyIdFactory
from lotsa.tools.bench import floors
from lotsa.tools.bench.harness import PARTICIPANT_SURVEY, comparable, results_figures

pytestmark = pytest.mark.django_db

SURVEY = current_instrument(PARTICIPANT_SURVEY)
PERIOD = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
BEFORE_THE_PERIOD = datetime.date(2025, 11, 3)
SPRING, AUTUMN = datetime.date(2026, 3, 2), datetime.date(2026, 9, 1)
YES, NO = 1, 2
# "Meaningful" (1-3) at T1 and at T3 under one survey ID each; the first ID was issued and
# answered T1 before the period, so only its T3 answer is in it, paired with that earlier T1.
PAIRS = [(1, 3), (1, 2), (2, 2), (3, 1), (3, 3), (2, 3)]
AT_D90 = [YES, YES, NO]  # the indicator's question, 90 days after, under the first IDs


@pytest.fixture
def unit(personas: Any) -> Any:
    """The AMiA unit with the responses above, and one response in another unit."""
    unit = personas.joint_team
    for i, (before, after) in enumerate(PAIRS):
        early = i == 0
        held = SurveyIdFactory(
            unit=unit,
            sex="female" if i % 2 else "male",
            issued_on=BEFORE_THE_PERIOD if early else PERIOD.start,
        )
        answered_first = BEFORE_THE_PERIOD if early else SPRING
        ResponseFactory(
            survey_id=held,
            wave="t1",
            answered_on=answered_first,
            answers={"meaningful": before, "work_capacity_chances": NO},
        )
        changed = YES if after > before else NO
        ResponseFactory(
            survey_id=held,
            wave="t3",
            answered_on=AUTUMN,
            answers={"meaningful": after, "work_capacity_chances": changed},
        )
        if i < len(AT_D90):
            ResponseFactory(
                survey_id=held,
                wave="d90",
                answered_on=AUTUMN,
                answers={"work_capacity_chances": AT_D90[i]},
            )
    ResponseFactory(answered_on=SPRING, answers={"meaningful": 3})
    return unit


def _expected(unit: Any) -> dict[tuple[str, str, str], Any]:
    """The figures worked out from the responses above."""
    in_period = PAIRS[1:]
    higher = sum(after > before for before, after in PAIRS)
    same = sum(after == before for before, after in PAIRS)
    positive = Decimal(AT_D90.count(YES) * 100) / len(AT_D90)
    expected: dict[tuple[str, str, str], Any] = {
        ("responses", "total", "n"): len(in_period) + len(PAIRS) + len(AT_D90),
        ("answers", "meaningful:t1", "total"): len(in_period),
        ("answers", "meaningful:t3", "total"): len(PAIRS),
        ("change", "meaningful:t3", "n"): len(PAIRS),
        ("change", "meaningful:t3", "higher"): higher,
        ("change", "meaningful:t3", "same"): same,
        ("change", "meaningful:t3", "lower"): len(PAIRS) - higher - same,
        ("change", "meaningful:t3", "sum_before"): sum(before for before, _after in PAIRS),
        ("change", "meaningful:t3", "sum_after"): sum(after for _before, after in PAIRS),
        # Yes/no: into a yes where each had a no before.
        ("change", "work_capacity_chances:t3", "higher"): higher,
        ("change", "work_capacity_chances:t3", "same"): len(PAIRS) - higher,
        ("indicator", "work_capacity_chances:d90", "n"): len(AT_D90),
        ("indicator", "work_capacity_chances:d90", "share"): positive.quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        ),
        ("trend", "2026 H1", "w_t1"): len(in_period),
        ("trend", "2026 H2", "w_t3"): len(PAIRS),
        ("trend", "2026 H2", "responses"): len(PAIRS) + len(AT_D90),
        ("trend", "2026 H2", "work_capacity_chances:d90__n"): len(AT_D90),
        # The IDs issued in the period, and the waves they answered.
        ("unit", str(unit.pk), "ids"): len(in_period),
        ("unit", "total", "w_t3"): len(in_period),
        ("sex", "female", "ids"): sum(i % 2 for i in range(1, len(PAIRS))),
    }
    for value in SURVEY.item("meaningful").scale.values:  # type: ignore[union-attr]
        expected[("answers", "meaningful:t1", str(value))] = sum(
            before == value for before, _after in in_period
        )
    return expected


def test_lotsa_gives_the_figures_worked_out_by_hand(unit: Any) -> None:
    figures = results_figures(survey_results(SURVEY, [unit], PERIOD))

    for key, value in _expected(unit).items():
        assert figures[key] == value, key
    # A yes/no question shows no means, so it has no sums to compare.
    assert ("change", "work_capacity_chances:t3", "sum_before") not in figures


def test_the_floor_gives_the_same_figures_and_a_difference_fails(unit: Any) -> None:
    queries = floors.survey_sql({unit.pk}, SURVEY, PERIOD)
    if connection.vendor != "postgresql":
        # GROUPING SETS and FILTER clauses: the floors are PostgreSQL's (and DuckDB's) SQL.
        with pytest.raises(DatabaseError):
            floors.run_on_database(queries)
        return
    floor = floors.figures_of(floors.run_on_database(queries))
    lotsa = results_figures(survey_results(SURVEY, [unit], PERIOD))

    for key, value in _expected(unit).items():
        assert floor[key] == value, key
    assert comparable(lotsa, floor) == (True, [])
    key = ("change", "meaningful:t3", "higher")
    assert not comparable(lotsa | {key: lotsa[key] + 1}, floor)[0]
