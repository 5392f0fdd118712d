"""Geometry of the server-rendered SVG charts: bars per unit or quarter, with benchmark lines."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lotsa.outcomes.queries import Cell, ReportView

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH = 560, 18, 6, 170


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: int


@dataclass(frozen=True)
class Line:
    label: str
    x: int


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    lines: list[Line]
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
    height = len(points) * (BAR_HEIGHT + GAP) + 24
    return Chart(
        title,
        bars,
        [Line(text, LABEL_WIDTH + int(Decimal(value) * scale)) for text, value in lines],
        height,
    )


def benchmark_lines(view: ReportView) -> list[tuple[str, int]]:
    marks = view.benchmarks
    if view.report.code == "ips":
        return [(str(band.name), band.lower) for band in marks.employment_rate_bands[1:]]
    if view.report.code == "amia":
        return [
            (_("Project target"), marks.amia_target),
            (_("National level"), marks.amia_national_level),
        ]
    return []


def unit_chart(view: ReportView, title: str) -> Chart | None:
    code = view.report.chart
    if not code or not view.scope.units:
        return None
    table = view.tables[0]
    row = table.row(code)
    points = list(zip([label for _key, label in table.columns], row.cells, strict=True))
    percent = getattr(row.metric, "percent", False)
    return _chart(title, points, table.limit, benchmark_lines(view) if percent else [], percent)


def trend_chart(view: ReportView, title: str) -> Chart | None:
    if not view.trend:
        return None
    code = view.report.trend[-1]
    points: list[tuple[Any, Cell]] = [(str(quarter), cells[code]) for quarter, cells in view.trend]
    return _chart(title, points, view.tables[0].limit, benchmark_lines(view), True)
