"""Geometry of the server-rendered SVG charts: bars per unit or quarter, with benchmark lines."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
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


def trend_chart(view: ReportView) -> Chart | None:
    if not view.trend:
        return None
    code = view.report.trend_chart
    points: list[tuple[Any, Cell]] = [(str(quarter), cells[code]) for quarter, cells in view.trend]
    metric = view.tables[0].row(code).metric
    percent = getattr(metric, "percent", False)
    title = _("%(figure)s over the last eight quarters") % {"figure": metric.name}
    return _chart(
        title, points, view.tables[0].limit, benchmark_lines(view) if percent else [], percent
    )
