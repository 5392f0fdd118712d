"""Geometry of the server-rendered SVG charts: bars per unit or quarter, with benchmark lines."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.utils.translation import gettext as _

from lotsa.core import numbers
from lotsa.outcomes.queries import ReportView
from lotsa.outcomes.tables import Cell

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH = 720, 18, 6, 190


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: int


LEGEND_ROW = 14
LINE_STYLES = (("#8a2c0d", "4 3"), ("#4b2a86", "1 3"), ("#1f5f2a", "8 3"), ("#5c4a00", "2 2 6 2"))


@dataclass(frozen=True)
class Line:
    """A benchmark drawn across the bars, told apart by its colour and dashes and named in a
    legend below them, so that close benchmarks (40 % and 41 %) stay readable."""

    label: str
    x: int
    colour: str
    dashes: str
    legend_y: int


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    lines: list[Line]
    bars_end: int
    height: int
    label_width: int = LABEL_WIDTH
    width: int = WIDTH


def _chart(
    title: str,
    points: list[tuple[str, Cell]],
    limit: int,
    lines: list[tuple[str, int]],
    percent: bool,
) -> Chart | None:
    values = [
        cell.value for _label, cell in points if not cell.suppressed and cell.value is not None
    ]
    if not points:
        return None
    top = max([Decimal(100)] if percent else [Decimal(v) for v in values] + [Decimal(1)])
    scale = Decimal(WIDTH - LABEL_WIDTH - 50) / top
    bars = [
        Bar(
            str(label),
            cell.text,
            i * (BAR_HEIGHT + GAP) + 4,
            0 if cell.suppressed or cell.value is None else int(Decimal(cell.value) * scale),
        )
        for i, (label, cell) in enumerate(points)
    ]
    bars_end = len(points) * (BAR_HEIGHT + GAP) + 4
    return Chart(
        title,
        bars,
        [
            Line(
                f"{text}: {numbers.percent(value, 0)}",
                LABEL_WIDTH + int(Decimal(value) * scale),
                *LINE_STYLES[i % len(LINE_STYLES)],
                bars_end + (i + 1) * LEGEND_ROW,
            )
            for i, (text, value) in enumerate(lines)
        ],
        bars_end,
        bars_end + len(lines) * LEGEND_ROW + (6 if lines else 0),
    )


def benchmark_lines(view: ReportView) -> list[tuple[str, int]]:
    marks = view.benchmarks
    if view.report.code == "ips":
        bands = [(str(band.name), band.lower) for band in marks.employment_rate_bands[1:]]
        return sorted(
            [*bands, (_("UK quality benchmark"), marks.quality_benchmark)], key=lambda b: b[1]
        )
    if view.report.code == "amia":
        return [
            (_("Project target"), marks.amia_target),
            (_("National level"), marks.amia_national_level),
        ]
    return []


def unit_chart(view: ReportView) -> Chart | None:
    code = view.report.chart
    if not code or not view.scope.units:
        return None
    table = view.tables[0]
    row = table.row(code)
    title = _("%(figure)s by unit") % {"figure": row.metric.name}
    points = list(zip([label for _key, label in table.columns], row.cells, strict=True))
    percent = getattr(row.metric, "percent", False)
    return _chart(title, points, table.limit, benchmark_lines(view) if percent else [], percent)


# The line chart's plot area inside its WIDTH × LINE_HEIGHT frame.
LINE_HEIGHT, PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 260, 56, 24, 12, 212
NICE_STEPS = (1, 2, 2.5, 5)
MAX_INTERVALS = 5


@dataclass(frozen=True)
class Tick:
    y: int
    text: str


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    label: str
    text: str


@dataclass(frozen=True)
class Level:
    """A benchmark drawn across the plot at its level, named in the legend below."""

    label: str
    y: int
    colour: str
    dashes: str
    legend_y: int


@dataclass(frozen=True)
class LineChart:
    title: str
    description: str
    ticks: list[Tick]
    labels: list[Point]  # the x axis: one label per period, under its point
    segments: list[list[Point]]  # the line, broken where a figure is suppressed or missing
    levels: list[Level]
    height: int
    width: int = WIDTH
    left: int = PLOT_LEFT
    right: int = WIDTH - PLOT_RIGHT
    top: int = PLOT_TOP
    bottom: int = PLOT_BOTTOM

    @property
    def polylines(self) -> list[str]:
        return [" ".join(f"{p.x},{p.y}" for p in segment) for segment in self.segments]


def _axis(highest: Decimal) -> tuple[Decimal, Decimal]:
    """The axis's top and step: the smallest round step (1, 2, 2.5 or 5 times a power of ten)
    that reaches the highest value in at most five steps."""
    power = Decimal(1)
    while True:
        for nice in NICE_STEPS:
            step = Decimal(str(nice)) * power
            intervals = max(1, int((highest / step).to_integral_value(rounding=ROUND_CEILING)))
            if intervals <= MAX_INTERVALS:
                return step * intervals, step
        power *= 10


def line_chart(
    title: str,
    points: list[tuple[str, Cell]],
    levels: list[tuple[str, int]],
    percent: bool,
) -> LineChart | None:
    """Values over periods as a line with axes, its scale from 0, benchmarks as levels."""
    if len(points) < 2:
        return None
    values = [Decimal(c.value) for _l, c in points if not c.suppressed and c.value is not None]
    top, tick_step = (Decimal(100), Decimal(25)) if percent else _axis(max([*values, Decimal(1)]))
    span = PLOT_BOTTOM - PLOT_TOP
    step = Decimal(WIDTH - PLOT_LEFT - PLOT_RIGHT) / (len(points) - 1)

    def y_of(value: Decimal) -> int:
        return PLOT_BOTTOM - int(value / top * span)

    def axis_text(value: Decimal) -> str:
        places = 0 if tick_step == tick_step.to_integral_value() else 1
        return numbers.percent(value, 0) if percent else numbers.decimal(value, places)

    ticks = [
        Tick(y_of(tick_step * i), axis_text(tick_step * i)) for i in range(int(top / tick_step) + 1)
    ]
    labels: list[Point] = []
    segments: list[list[Point]] = []
    current: list[Point] = []
    for i, (label, cell) in enumerate(points):
        x = PLOT_LEFT + int(step * i)
        labels.append(Point(x, PLOT_BOTTOM + 18, str(label), cell.text))
        if cell.suppressed or cell.value is None:
            if current:
                segments.append(current)
            current = []
            continue
        current.append(Point(x, y_of(Decimal(cell.value)), str(label), cell.text))
    if current:
        segments.append(current)
    legend_top = PLOT_BOTTOM + 40
    return LineChart(
        title,
        "; ".join(
            f"{label}: {point.text}"
            for label, point in zip([str(label) for label, _c in points], labels, strict=True)
        ),
        ticks,
        labels,
        segments,
        [
            Level(
                f"{text}: {numbers.percent(value, 0)}",
                y_of(Decimal(value)),
                *LINE_STYLES[i % len(LINE_STYLES)],
                legend_top + i * LEGEND_ROW,
            )
            for i, (text, value) in enumerate(levels)
        ],
        legend_top + len(levels) * LEGEND_ROW,
    )


def trend_chart(view: ReportView) -> LineChart | None:
    if not view.trend:
        return None
    code = view.report.trend_chart
    points: list[tuple[Any, Cell]] = [(str(quarter), cells[code]) for quarter, cells in view.trend]
    metric = view.tables[0].row(code).metric
    percent = getattr(metric, "percent", False)
    title = _("%(figure)s over the last eight quarters") % {"figure": metric.name}
    return line_chart(title, points, benchmark_lines(view) if percent else [], percent)


# The figures of the flow report, in the order people move through a programme.
FLOW_STEPS = ("referred", "admitted", "started", "completed")


def steps_chart(view: ReportView) -> Chart | None:
    """The whole scope's figures step by step: the flow report as a funnel from referral to the
    status at the first follow-up, KNUT-PV's staircase as the mean days on each step."""
    if not view.scope.units or not view.tables:
        return None
    table = view.tables[0]
    codes = {row.metric.code for row in table.rows}
    at_follow_up = ""
    if view.report.code == "flow":
        steps = [code for code in FLOW_STEPS if code in codes]
        follow_up = next(iter(view.programme.follow_ups.values()), None) if view.programme else None
        if follow_up is not None:
            steps += [
                code
                for code in (f"{follow_up.code}__{status}" for status in follow_up.statuses)
                if code in codes
            ]
            at_follow_up = str(follow_up.name)
        title = _("From referral to the status at the follow-up")
    elif view.report.code == "knut":
        steps = [code for code in codes if code.startswith("days_in_")]
        order = [f"days_in_{phase}" for phase in view.programme.phases] if view.programme else []
        steps = [code for code in order if code in steps]
        title = _("Mean days on each step of the staircase")
    else:
        return None

    def label(code: str) -> str:
        name = str(table.row(code).metric.name)
        return f"{at_follow_up}: {name}" if "__" in code else name

    points = [(label(code), table.total(code)) for code in steps]
    return _chart(title, points, table.limit, [], False)
