"""Outcome report endpoints: the same figures, suppression and definitions as the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Query, Router, Schema

from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.apischema import ErrorOut, InputSchema, Text
from lotsa.core.replica import reading_from_replica
from lotsa.outcomes import queries, reports, tables
from lotsa.outcomes.periods import parse_period

router = Router(tags=["outcomes"])


class ReportQuery(InputSchema):
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
    # hidden only so that a small count beside it cannot be worked out: it may be large
    complementary: bool = False


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


class QuarterOut(Schema):
    quarter: str
    start: datetime.date
    end: datetime.date
    figures: list[CellOut]  # ``group`` holds the figure's code


class OutcomeReportOut(Schema):
    report: str
    programme: str
    period_start: datetime.date
    period_end: datetime.date
    units: list[int]
    pseudonymous: bool
    tables: list[TableOut]
    trend: list[QuarterOut]


class RecordsQuery(ReportQuery):
    metric: str
    dimension: str = "unit"
    group: str = tables.TOTAL


class RecordOut(Schema):
    participant: str  # the name, or a pseudonym for viewers who may not see the people
    enrolment: int | None  # left out for pseudonymous viewers
    unit: str | None  # left out for pseudonymous viewers: it could undo suppressed counts
    # The dates are left out for pseudonymous viewers, who get their months (YYYY-MM) only.
    referral_date: datetime.date | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    day: datetime.date | None
    referral_month: str
    start_month: str | None
    end_month: str | None
    month: str | None
    detail: str


class RecordsOut(Schema):
    report: str
    metric: str
    dimension: str
    group: str
    count: int
    pseudonymous: bool
    records: list[RecordOut]


def _params(query: ReportQuery) -> dict[str, str]:
    chosen = query.model_dump(include=set(ReportQuery.model_fields))
    params = {k: v for k, v in chosen.items() if isinstance(v, str) and v.strip()}
    if query.inclusive:
        params["inclusive"] = "1"
    return params


def _cell(group: str, cell: tables.Cell) -> CellOut:
    return CellOut(
        group=group,
        value=None if cell.suppressed else cell.value,
        shown=cell.text,
        suppressed=cell.suppressed,
        complementary=cell.complementary,
    )


def _table(table: tables.Table) -> TableOut:
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
                cells=[_cell(key, cell) for key, cell in zip(keys, row.cells, strict=True)],
            )
            for row in table.rows
        ],
    )


@router.get("/{code}", response={200: OutcomeReportOut, 403: ErrorOut})
def report(
    request: AuthenticatedHttpRequest, code: Text, query: Query[ReportQuery]
) -> OutcomeReportOut:
    """A report's tables (by unit, sex, age band, referral source, cohort), figure by figure."""
    params = _params(query)
    chosen = reports.report_of(code)
    with reading_from_replica():
        return _report_out(request, chosen, params)


def _report_out(
    request: AuthenticatedHttpRequest, chosen: reports.Report, params: dict[str, str]
) -> OutcomeReportOut:
    view = queries.report_view(
        request.user, chosen, params, parse_period(params, timezone.localdate())
    )
    return OutcomeReportOut(
        report=chosen.code,
        programme=view.programme.code,
        period_start=view.ctx.period.start,
        period_end=view.ctx.period.end,
        units=sorted(view.scope.unit_ids),
        pseudonymous=not view.scope.sees_people,
        tables=[_table(table) for table in view.tables],
        trend=[
            QuarterOut(
                quarter=str(quarter),
                start=quarter.start,
                end=quarter.end,
                figures=[_cell(code, cell) for code, cell in cells.items()],
            )
            for quarter, cells in view.trend
        ],
    )


def _month(day: datetime.date | None) -> str | None:
    return f"{day:%Y-%m}" if day else None


def _record(line: queries.RecordLine, people: bool) -> RecordOut:
    enrolment = line.enrolment
    dates = (enrolment.referral_date, enrolment.start_date, enrolment.end_date, line.day)
    referral, start, end, day = dates if people else (None, None, None, None)
    return RecordOut(
        participant=line.label,
        enrolment=enrolment.pk if people else None,
        unit=enrolment.unit.name if people else None,
        referral_date=referral,
        start_date=start,
        end_date=end,
        day=day,
        referral_month=f"{enrolment.referral_date:%Y-%m}",
        start_month=_month(enrolment.start_date),
        end_month=_month(enrolment.end_date),
        month=_month(line.day),
        detail=line.detail,
    )


@router.get("/{code}/records", response={200: RecordsOut, 403: ErrorOut})
def records(
    request: AuthenticatedHttpRequest, code: Text, query: Query[RecordsQuery]
) -> RecordsOut:
    """The enrolments (or jobs, contacts) behind one count, as many as the count shows."""
    params = _params(query)
    chosen = reports.report_of(code)
    with reading_from_replica():
        return _records_out(request, chosen, params, query)


def _records_out(
    request: AuthenticatedHttpRequest,
    chosen: reports.Report,
    params: dict[str, str],
    query: RecordsQuery,
) -> RecordsOut:
    view, metric, lines = queries.records_behind(
        request.user,
        chosen,
        params,
        parse_period(params, timezone.localdate()),
        metric_code=query.metric,
        dimension_code=query.dimension,
        group=query.group,
    )
    people = view.scope.sees_people
    return RecordsOut(
        report=chosen.code,
        metric=metric.code,
        dimension=query.dimension,
        group=query.group,
        count=len(lines),
        pseudonymous=not people,
        records=[_record(line, people) for line in lines],
    )
