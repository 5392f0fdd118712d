"""Outcome report endpoints: the same figures, suppression and definitions as the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from lotsa.outcomes import queries
from lotsa.outcomes.periods import parse_period

router = Router(tags=["outcomes"])


class ReportQuery(Schema):
    quarter: str = ""
    start: str = ""
    end: str = ""
    unit: str = ""
    organisation: str = ""
    country: str = ""
    programme: str = ""
    inclusive: bool = False


class CellOut(Schema):
    group: str
    value: Decimal | int | None  # None where suppressed or not defined
    shown: str  # as the page shows it, e.g. "< 5"
    suppressed: bool


class FigureOut(Schema):
    code: str
    kind: str
    name: str
    definition: str
    cells: list[CellOut]


class TableOut(Schema):
    dimension: str
    groups: list[str]
    figures: list[FigureOut]


class ReportOut(Schema):
    report: str
    programme: str
    period_start: datetime.date
    period_end: datetime.date
    units: list[int]
    pseudonymous: bool
    tables: list[TableOut]


def _params(query: ReportQuery) -> dict[str, str]:
    params = {k: v for k, v in query.dict().items() if isinstance(v, str) and v.strip()}
    if query.inclusive:
        params["inclusive"] = "1"
    return params


def _table(table: queries.Table) -> TableOut:
    keys = [str(key) for key, _label in table.columns]
    return TableOut(
        dimension=table.dimension.code,
        groups=keys,
        figures=[
            FigureOut(
                code=row.metric.code,
                kind=row.metric.kind,
                name=str(row.metric.name),
                definition=str(row.metric.definition),
                cells=[
                    CellOut(
                        group=key,
                        value=None if cell.suppressed else cell.value,
                        shown=cell.text,
                        suppressed=cell.suppressed,
                    )
                    for key, cell in zip(keys, row.cells, strict=True)
                ],
            )
            for row in table.rows
        ],
    )


@router.get("/{code}", response=ReportOut)
def report(request: HttpRequest, code: str, query: Query[ReportQuery]) -> ReportOut:
    """A report's tables (by unit, sex, age band, referral source, cohort), figure by figure."""
    params = _params(query)
    chosen = queries.report_of(code)
    view = queries.report_view(
        request.user, chosen, params, parse_period(params, timezone.localdate())
    )
    return ReportOut(
        report=chosen.code,
        programme=view.programme.code,
        period_start=view.ctx.period.start,
        period_end=view.ctx.period.end,
        units=sorted(view.scope.unit_ids),
        pseudonymous=not view.scope.sees_people,
        tables=[_table(table) for table in view.tables],
    )
