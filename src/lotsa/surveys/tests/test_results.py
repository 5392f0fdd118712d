"""Survey results: response rates, distributions, paired change, indicators and trends of one
instrument version, with the small-cell suppression of the outcome reports."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from lotsa.outcomes.periods import Period
from lotsa.outcomes.tables import TOTAL
from lotsa.surveys.instruments import instrument
from lotsa.surveys.models import Channel, SurveyRound
from lotsa.surveys.results import FEW_ANSWERS, SurveyResults, survey_results
from lotsa.testing.factories import ResponseFactory, SurveyIdFactory

pytestmark = pytest.mark.django_db

LIMIT = 5
# A staff survey's group size above the small-cell limit, so that the two cannot be confused.
GROUP_SIZE = LIMIT + 2
AMIA = instrument("amia_participant", 1)
YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
SPRING = datetime.date(2026, 3, 2)
AUTUMN = datetime.date(2026, 9, 1)
YES, NO = 1, 2


@pytest.fixture(autouse=True)
def _limit(settings: Any) -> None:
    settings.SMALL_CELL_LIMIT = LIMIT


def _results(personas: Any, chosen: Any = AMIA, period: Period = YEAR) -> SurveyResults:
    return survey_results(chosen, [personas.joint_team], period)


def _answered(unit: Any, wave: str, answers: dict[str, Any], **kwargs: Any) -> Any:
    survey_id = kwargs.pop("survey_id", None) or SurveyIdFactory(unit=unit)
    return ResponseFactory(survey_id=survey_id, wave=wave, answers=answers, **kwargs)


def _item(results: SurveyResults, code: str) -> Any:
    return next(each for each in results.items if each.item.code == code)


def test_a_survey_answered_at_t1_and_t3_under_one_id_gives_the_paired_change(
    personas: Any,
) -> None:
    # (answer at T1, answer at T3, how many IDs gave that pair)
    pairs = [(1, 3, 3), (1, 2, 3), (2, 2, 5), (3, 1, 5)]
    for before, after, count in pairs:
        for _ in range(count):
            held = SurveyIdFactory(unit=personas.joint_team)
            _answered(personas.joint_team, "t1", {"meaningful": before}, survey_id=held)
            _answered(
                personas.joint_team,
                "t3",
                {"meaningful": after},
                survey_id=held,
                answered_on=AUTUMN,
            )
    # An ID that answered only at T3 has no pair.
    _answered(personas.joint_team, "t3", {"meaningful": 3}, answered_on=AUTUMN)

    results = _results(personas)

    to_t3 = next(change for change in results.changes if change.after == "t3")
    row = next(row for row in to_t3.rows if row.item.code == "meaningful")
    n = sum(count for _b, _a, count in pairs)
    assert row.n.value == n
    assert row.mean_before.value == Decimal(sum(b * c for b, _a, c in pairs)) / n
    assert row.mean_after.value == Decimal(sum(a * c for _b, a, c in pairs)) / n
    assert row.mean_change.value == Decimal(sum((a - b) * c for b, a, c in pairs)) / n
    assert [cell.value for cell in row.counts] == [6, 5, 5]
    assert not any(cell.suppressed for cell in [row.n, row.mean_change, *row.counts])


def test_a_yes_no_question_changes_by_moving_into_or_out_of_yes(personas: Any) -> None:
    for before, after in [(NO, YES)] * 5 + [(YES, NO)] * 5 + [(YES, YES)] * 5:
        held = SurveyIdFactory(unit=personas.joint_team)
        _answered(personas.joint_team, "t1", {"work_capacity_chances": before}, survey_id=held)
        _answered(personas.joint_team, "t3", {"work_capacity_chances": after}, survey_id=held)

    to_t3 = next(change for change in _results(personas).changes if change.after == "t3")
    row = next(row for row in to_t3.rows if row.item.code == "work_capacity_chances")

    assert [cell.value for cell in row.counts] == [5, 5, 5]
    assert row.mean_change.value is None  # yes/no has no mean worth reading


def test_a_wave_with_four_answers_shows_suppressed_cells_not_figures(personas: Any) -> None:
    for value in [1] + [2] * 6 + [3] * 7:
        _answered(personas.joint_team, "t1", {"meaningful": value})
    for value in [1, 2, 3, 3]:
        _answered(personas.joint_team, "t3", {"meaningful": value})

    table = _item(_results(personas), "meaningful").table
    t1, t3 = table.row("count_t1"), table.row("count_t3")

    assert all(cell.suppressed and cell.text == f"< {LIMIT}" for cell in t3.cells)
    assert all(cell.suppressed for cell in table.row("share_t3").cells)
    assert [cell.value for cell in t1.cells] == [1, 6, 7, 14]
    # The single 1 is hidden, and the 6 beside it so that 14 - 7 - 6 cannot give it away.
    assert [cell.suppressed for cell in t1.cells] == [True, True, False, False]
    assert t1.cells[1].complementary
    assert table.row("share_t1").cells[2].value == Decimal(50)


@pytest.mark.parametrize(("yes", "met"), [(8, True), (7, False)])
def test_the_80_percent_indicator_on_a_known_cohort(personas: Any, yes: int, met: bool) -> None:
    cohort = 10
    for answer in [YES] * yes + [NO] * (cohort - yes):
        _answered(personas.joint_team, "d90", {"work_capacity_chances": answer})
    _answered(personas.joint_team, "t3", {"work_capacity_chances": YES})  # another wave

    (indicator,) = _results(personas).indicators

    assert indicator.n == cohort
    assert indicator.share.value == Decimal(yes * 100) / cohort
    assert indicator.met is met


def test_an_indicator_on_too_few_answers_is_neither_met_nor_not_met(personas: Any) -> None:
    for _ in range(LIMIT - 1):
        _answered(personas.joint_team, "d90", {"work_capacity_chances": YES})

    (indicator,) = _results(personas).indicators

    assert indicator.share.suppressed
    assert indicator.met is None


def test_versions_are_never_mixed(personas: Any) -> None:
    for _ in range(6):
        _answered(personas.joint_team, "t1", {"meaningful": 3})
    for _ in range(7):
        _answered(personas.joint_team, "t1", {"meaningful": 1}, version=2)

    results = _results(personas)

    assert results.responses == 6
    t1 = _item(results, "meaningful").table.row("count_t1")
    assert [cell.value for cell in t1.cells] == [0, 0, 6, 6]
    by_unit = results.rates[0]
    assert by_unit.total("w_t1").value == 6


def test_the_response_rate_per_sex(personas: Any) -> None:
    for sex, issued, answered in (("female", 10, 6), ("male", 5, 5)):
        for number in range(issued):
            held = SurveyIdFactory(unit=personas.joint_team, sex=sex)
            if number < answered:
                _answered(personas.joint_team, "t1", {"meaningful": 3}, survey_id=held)
    # Issued before the period: not in its cohort.
    SurveyIdFactory(unit=personas.joint_team, issued_on=datetime.date(2025, 6, 1))

    by_sex = next(table for table in _results(personas).rates if table.dimension.code == "sex")
    columns = [key for key, _label in by_sex.columns]
    rate = dict(zip(columns, by_sex.row("rate_t1").cells, strict=True))

    assert rate["female"].value == Decimal(60)
    assert rate["male"].value == Decimal(100)
    assert rate[TOTAL].value == Decimal(11 * 100) / 15
    assert by_sex.row("ids").cells[columns.index(TOTAL)].value == 15


def test_the_trend_counts_responses_per_half_year(personas: Any) -> None:
    for _ in range(5):
        _answered(personas.joint_team, "t1", {"meaningful": 3}, answered_on=SPRING)
    for _ in range(6):
        _answered(personas.joint_team, "t1", {"meaningful": 3}, answered_on=AUTUMN)

    trend = dict(_results(personas).trend)

    assert trend["2026 H1"][0].value == 5
    assert trend["2026 H2"][0].value == 6


@pytest.mark.parametrize(("written", "listed"), [(LIMIT - 1, False), (LIMIT, True)])
def test_free_text_is_listed_only_from_enough_answers(
    personas: Any, written: int, listed: bool
) -> None:
    texts = [f"Bra stöd {number}" for number in range(written)]
    for text in texts:
        _answered(personas.joint_team, "t1", {"comments": text})

    comments = _item(_results(personas), "comments")

    assert comments.texts == (texts if listed else [])
    assert comments.texts_hidden is not listed


def _staff_round(personas: Any, answers: int) -> Any:
    survey_round = SurveyRound.objects.create(
        unit=personas.joint_team,
        instrument=AMIA.code,
        version=AMIA.version,
        title="Handläggarenkät våren 2026",
        opens_on=SPRING,
        closes_on=SPRING + datetime.timedelta(days=14),
        invited=10,
        created_by=personas.manager_a,
    )
    for number in range(answers):
        ResponseFactory(
            survey_id=None,
            round=survey_round,
            unit=personas.joint_team,
            wave="",
            channel=Channel.STAFF,
            respondent_group="fk" if number % 2 else "af",
            answers={"meaningful": 3},
        )
    return survey_round


@pytest.mark.parametrize(("answers", "shown"), [(GROUP_SIZE - 1, False), (GROUP_SIZE, True)])
def test_a_staff_survey_shows_answers_only_from_its_group_size(
    personas: Any, answers: int, shown: bool
) -> None:
    staff_survey = replace(
        AMIA, audience="staff", waves=(), indicators=(), anonymous_below=GROUP_SIZE
    )
    _staff_round(personas, answers)

    results = _results(personas, staff_survey)

    assert results.limit == GROUP_SIZE
    assert results.too_few is not shown
    assert bool(results.items) is shown
    (survey_round,) = results.rounds
    assert survey_round.responses == answers
    assert survey_round.rate.value == Decimal(answers * 100) / 10
    assert all(cell.suppressed for _group, cell in survey_round.groups)


@pytest.mark.parametrize(("answers", "few"), [(0, False), (1, True), (FEW_ANSWERS, False)])
def test_the_page_warns_of_few_responses(personas: Any, answers: int, few: bool) -> None:
    for _ in range(answers):
        _answered(personas.joint_team, "t1", {"meaningful": 3})

    assert _results(personas).few is few
