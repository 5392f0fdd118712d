"""The trend as a line chart: axes from 0 in round steps, the line broken where a figure is
hidden, benchmark levels, and a text alternative with every figure."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from lotsa.outcomes.charts import PLOT_BOTTOM, PLOT_TOP, line_chart
from lotsa.outcomes.tables import Cell


@pytest.fixture(autouse=True)
def _swedish() -> object:
    with translation.override("sv"):
        yield


def cell(value: int | None, suppressed: bool = False, percent: bool = True) -> Cell:
    return Cell(None if value is None else Decimal(value), suppressed=suppressed, percent=percent)


def test_a_percent_trend_reads_from_0_to_100_in_quarters() -> None:
    points = [("2026 Q1", cell(40)), ("2026 Q2", cell(50))]
    chart = line_chart("Sysselsättningsgrad", points, [("Kvalitetsriktmärke", 50)], True)
    assert chart is not None
    assert [tick.y for tick in chart.ticks] == sorted(
        (tick.y for tick in chart.ticks), reverse=True
    )
    assert chart.ticks[0].y == PLOT_BOTTOM and chart.ticks[-1].y == PLOT_TOP
    assert [tick.text for tick in chart.ticks] == [
        "0\xa0%",
        "25\xa0%",
        "50\xa0%",
        "75\xa0%",
        "100\xa0%",
    ]
    (segment,) = chart.segments
    assert segment[1].y == chart.ticks[2].y  # 50 % on the 50 % line
    assert chart.levels[0].y == chart.ticks[2].y
    assert chart.description == "2026 Q1: 40,0\xa0%; 2026 Q2: 50,0\xa0%"


def test_a_hidden_figure_breaks_the_line() -> None:
    points = [
        ("2026 Q1", cell(40)),
        ("2026 Q2", cell(None, suppressed=True)),
        ("2026 Q3", cell(45)),
        ("2026 Q4", cell(48)),
    ]
    chart = line_chart("Sysselsättningsgrad", points, [], True)
    assert chart is not None
    assert [len(segment) for segment in chart.segments] == [1, 2]
    assert len(chart.labels) == 4


def test_counts_get_a_round_axis_above_the_highest_value() -> None:
    points = [("2026 Q1", cell(17, percent=False)), ("2026 Q2", cell(23, percent=False))]
    chart = line_chart("Deltagare", points, [], False)
    assert chart is not None
    assert [tick.text for tick in chart.ticks] == ["0", "5", "10", "15", "20", "25"]


def test_small_counts_step_by_one() -> None:
    points = [("2026 Q1", cell(2, percent=False)), ("2026 Q2", cell(3, percent=False))]
    chart = line_chart("Deltagare", points, [], False)
    assert chart is not None
    assert [tick.text for tick in chart.ticks] == ["0", "1", "2", "3"]


def test_a_single_period_draws_no_line() -> None:
    assert line_chart("Deltagare", [("2026 Q1", cell(3))], [], False) is None
