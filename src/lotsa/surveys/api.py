"""Survey results endpoint: the same aggregated figures, suppression and definitions as the
results page, under the same rules. No endpoint here gives out responses one by one, nor
anything of the key from a survey ID to its person."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Query, Router, Schema

from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.apischema import ErrorOut, InputSchema
from lotsa.outcomes.tables import Cell, Table
from lotsa.surveys.queries import results as queries
from lotsa.surveys.results import SurveyResults

router = Router(tags=["surveys"])


class ResultsQuery(InputSchema):
    instrument: str = ""
    version: str = ""
    quarter: str = ""
    start: str = ""
    end: str = ""
    unit: str = ""
    organisation: str = ""
    country: str = ""


class SurveyCellOut(Schema):
    group: str
    value: Decimal | int | None  # None where suppressed or not defined
    shown: str  # as the page shows it, e.g. "< 5"
    suppressed: bool


class SurveyRowOut(Schema):
    name: str
    cells: list[SurveyCellOut]


class SurveyTableOut(Schema):
    title: str
    groups: list[str]
    rows: list[SurveyRowOut]


class PairedChangeOut(Schema):
    before: str
    after: str
    item: str
    pairs: SurveyCellOut
    mean_before: SurveyCellOut
    mean_after: SurveyCellOut
    mean_change: SurveyCellOut
    higher: SurveyCellOut
    same: SurveyCellOut
    lower: SurveyCellOut


class IndicatorOut(Schema):
    code: str
    name: str
    item: str
    wave: str
    answers: int | None  # None where too few to show
    share: SurveyCellOut
    target: Decimal
    met: bool | None  # None where too few answered to say


class RoundOut(Schema):
    title: str
    unit: int
    opens_on: datetime.date
    closes_on: datetime.date
    invited: int
    responses: int
    rate: SurveyCellOut
    groups: list[SurveyCellOut]


class DefinitionOut(Schema):
    term: str
    definition: str


class SurveyResultsOut(Schema):
    instrument: str
    version: int
    period_start: datetime.date
    period_end: datetime.date
    units: list[int]
    small_cell_limit: int
    responses: int
    answers_shown: bool
    rates: list[SurveyTableOut]
    distributions: list[SurveyTableOut]
    paired_change: list[PairedChangeOut]
    indicators: list[IndicatorOut]
    trend: SurveyTableOut
    rounds: list[RoundOut]
    definitions: list[DefinitionOut]


def _cell(group: object, cell: Cell) -> SurveyCellOut:
    return SurveyCellOut(
        group=str(group),
        value=None if cell.suppressed else cell.value,
        shown=cell.text,
        suppressed=cell.suppressed,
    )


def _table(title: object, table: Table) -> SurveyTableOut:
    keys = [key for key, _label in table.columns]
    return SurveyTableOut(
        title=str(title),
        groups=[str(key) for key in keys],
        rows=[
            SurveyRowOut(
                name=str(row.metric.name),
                cells=[_cell(key, cell) for key, cell in zip(keys, row.cells, strict=True)],
            )
            for row in table.rows
        ],
    )


def _out(results: SurveyResults) -> SurveyResultsOut:
    distributions = []
    for each in results.items:
        if each.table.rows:
            distributions.append(_table(each.item.code, each.table))
        if each.groups is not None:
            distributions.append(_table(f"{each.item.code}:groups", each.groups))
    return SurveyResultsOut(
        instrument=results.instrument.code,
        version=results.instrument.version,
        period_start=results.period.start,
        period_end=results.period.end,
        units=sorted(unit.pk for unit in results.units),
        small_cell_limit=results.limit,
        responses=results.responses,
        answers_shown=not results.too_few,
        rates=[_table(table.dimension.code, table) for table in results.rates],
        distributions=distributions,
        paired_change=[
            PairedChangeOut(
                before=change.before,
                after=change.after,
                item=row.item.code,
                pairs=_cell("pairs", row.n),
                mean_before=_cell("mean_before", row.mean_before),
                mean_after=_cell("mean_after", row.mean_after),
                mean_change=_cell("mean_change", row.mean_change),
                higher=_cell("higher", row.counts[0]),
                same=_cell("same", row.counts[1]),
                lower=_cell("lower", row.counts[2]),
            )
            for change in results.changes
            for row in change.rows
        ],
        indicators=[
            IndicatorOut(
                code=each.indicator.code,
                name=str(each.indicator.name),
                item=each.indicator.item,
                wave=each.indicator.wave,
                answers=None if each.share.suppressed else each.n,
                share=_cell("share", each.share),
                target=each.indicator.target,
                met=each.met,
            )
            for each in results.indicators
        ],
        trend=SurveyTableOut(
            title="half-year",
            groups=results.trend_columns,
            rows=[
                SurveyRowOut(
                    name=label,
                    cells=[
                        _cell(column, cell)
                        for column, cell in zip(results.trend_columns, cells, strict=True)
                    ],
                )
                for label, cells in results.trend
            ],
        ),
        rounds=[
            RoundOut(
                title=each.round.title,
                unit=each.round.unit_id,
                opens_on=each.round.opens_on,
                closes_on=each.round.closes_on,
                invited=each.round.invited,
                responses=each.responses,
                rate=_cell("rate", each.rate),
                groups=[_cell(group, cell) for group, cell in each.groups],
            )
            for each in results.rounds
        ],
        definitions=[
            DefinitionOut(term=term, definition=text) for term, text in results.definitions
        ],
    )


@router.get("/results", response={200: SurveyResultsOut, 403: ErrorOut})
def results(request: AuthenticatedHttpRequest, query: Query[ResultsQuery]) -> SurveyResultsOut:
    """The results of one survey version for the units and period chosen, aggregated and
    suppressed as the results page shows them."""
    params = {k: v for k, v in query.model_dump().items() if isinstance(v, str) and v.strip()}
    return _out(queries.survey_results_for(request.user, params, timezone.localdate()))
