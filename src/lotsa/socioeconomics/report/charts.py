"""Geometry of the report's server-rendered SVG charts: the cumulative net per payer over the
years, and the tornado of the public sector's NPV. Each has a title, a description and a table
with the same figures beside it, for readers who do not see the chart."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from lotsa.core import numbers
from lotsa.socioeconomics import names
from lotsa.socioeconomics.engine import Result
from lotsa.socioeconomics.vocabulary import PUBLIC

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 90, 24, 12, 240
LEGEND_ROW = 14
# Told apart by colour and by dashes, so that the lines stay apart in grey print too.
STYLES = (
    ("#0b4f7c", ""),
    ("#8a2c0d", "6 3"),
    ("#1f5f2a", "2 3"),
    ("#4b2a86", "8 3 2 3"),
    ("#5c4a00", "1 2"),
    ("#6b6b6b", "10 4"),
    ("#a0206a", "4 4"),
    ("#00555a", "12 3 3 3"),
    ("#3a3a3a", ""),
)


def money(value: Decimal) -> str:
    return numbers.decimal(value, 0)


@dataclass(frozen=True)
class Series:
    label: str
    points: str  # "x,y x,y …"
    colour: str
    dashes: str
    legend_y: int


@dataclass(frozen=True)
class Tick:
    y: int
    text: str


@dataclass(frozen=True)
class YearLabel:
    x: int
    text: str


@dataclass(frozen=True)
class FlowChart:
    title: str
    description: str
    series: list[Series]
    ticks: list[Tick]
    years: list[YearLabel]
    zero_y: int
    height: int
    # The figures again, as (column name, cumulative discounted net by year).
    table: list[tuple[str, list[str]]]
    year_numbers: list[int]
    width: int = WIDTH
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = BOTTOM


def flow_chart(result: Result) -> FlowChart:
    """The cumulative discounted net of every column shown, year by year."""
    columns = list(result.columns)
    values = {c: [row.cumulative_discounted for row in result[c].years] for c in columns}
    years = [row.year for row in result[columns[0]].years]
    everything = [v for series in values.values() for v in series] + [Decimal(0)]
    low, high = min(everything), max(everything)
    span = (high - low) or Decimal(1)

    def y_of(value: Decimal) -> int:
        return BOTTOM - int((value - low) / span * (BOTTOM - TOP))

    step = Decimal(WIDTH - LEFT - RIGHT) / max(1, len(years) - 1)
    legend_top = BOTTOM + 40
    series = [
        Series(
            names.column_name(column),
            " ".join(
                f"{LEFT + int(step * i)},{y_of(value)}" for i, value in enumerate(values[column])
            ),
            *STYLES[index % len(STYLES)],
            legend_top + index * LEGEND_ROW,
        )
        for index, column in enumerate(columns)
    ]
    ticks = [Tick(y_of(value), money(value)) for value in (low, Decimal(0), high)]
    return FlowChart(
        title=_("Cumulative net, discounted, year by year"),
        description="; ".join(
            f"{names.column_name(c)}: {money(values[c][-1])} "
            + _("after year %(year)s") % {"year": years[-1]}
            for c in columns
        ),
        series=series,
        ticks=ticks,
        years=[YearLabel(LEFT + int(step * i), str(year)) for i, year in enumerate(years)],
        zero_y=y_of(Decimal(0)),
        height=legend_top + len(columns) * LEGEND_ROW,
        table=[(names.column_name(c), [money(v) for v in values[c]]) for c in columns],
        year_numbers=years,
    )


@dataclass(frozen=True)
class TornadoBar:
    label: str
    low_text: str
    high_text: str
    x: int
    width: int
    y: int
    npv_low: str
    npv_high: str


@dataclass(frozen=True)
class TornadoChart:
    title: str
    description: str
    bars: list[TornadoBar]
    base_x: int
    base_text: str
    height: int
    width: int = WIDTH
    label_width: int = 200


BAR, GAP, TORNADO_LEFT = 18, 6, 200


def tornado_chart(result: Result, column: str = PUBLIC) -> TornadoChart | None:
    """The column's NPV with each uncertain value at its low and high end, the widest swing
    on top, around the NPV of the result."""
    bars = sorted(result.sensitivity.tornado, key=lambda bar: bar.swing(column), reverse=True)
    if not bars:
        return None
    base = result[column].npv
    ends = [base] + [b.npv_low[column] for b in bars] + [b.npv_high[column] for b in bars]
    low, high = min(ends), max(ends)
    span = (high - low) or Decimal(1)
    scale = Decimal(WIDTH - TORNADO_LEFT - 20) / span

    def x_of(value: Decimal) -> int:
        return TORNADO_LEFT + int((value - low) * scale)

    drawn = []
    for i, bar in enumerate(bars):
        a, b = bar.npv_low[column], bar.npv_high[column]
        drawn.append(
            TornadoBar(
                label=str(names.TORNADO_NAMES.get(bar.parameter, bar.parameter)),
                low_text=numbers.decimal(bar.low, 2),
                high_text=numbers.decimal(bar.high, 2),
                x=x_of(min(a, b)),
                width=max(1, x_of(max(a, b)) - x_of(min(a, b))),
                y=i * (BAR + GAP) + 4,
                npv_low=money(a),
                npv_high=money(b),
            )
        )
    name = names.column_name(column)
    return TornadoChart(
        title=_("What the NPV of %(column)s depends on most") % {"column": name},
        description="; ".join(f"{bar.label}: {bar.npv_low} – {bar.npv_high}" for bar in drawn),
        bars=drawn,
        base_x=x_of(base),
        base_text=money(base),
        height=len(drawn) * (BAR + GAP) + 30,
    )
