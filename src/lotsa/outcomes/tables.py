"""Tables of outcome figures and their trends over the quarters, computed in the database,
with small-cell suppression.

A report reads all its tables from one grouped query per kind of record (enrolments, jobs,
contacts, events), every figure a conditional aggregate and every combination of the breakdowns'
groups a row; each table adds up the combinations of its own groups. The number of queries never
grows with the data.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Model, Q, QuerySet, Sum, Value
from django.utils.translation import gettext_lazy, pgettext_lazy

from lotsa.casework.models import Contact
from lotsa.core import numbers
from lotsa.employment.models import Job
from lotsa.organisations.models import Unit
from lotsa.outcomes import metrics as m
from lotsa.outcomes.dimensions import DIMENSIONS, Dimension, dimension_columns
from lotsa.outcomes.facts import with_facts
from lotsa.outcomes.periods import Period, previous_quarters
from lotsa.outcomes.scope import scope_filter
from lotsa.pathways.models import Enrolment, EnrolmentEvent

TOTAL = "total"
# What a count hidden only to protect a small count beside it shows instead of its value.
SUPPRESSED = pgettext_lazy("outcome report cell", "suppressed")
SUPPRESSED_LEGEND = gettext_lazy(
    "“%(hidden)s” marks a count that is not small itself but is hidden so that a count below "
    "%(limit)s in the same row cannot be worked out from the total."
)
TREND_QUARTERS = 8
BASES: dict[str, tuple[type[Model], str]] = {
    m.ENROLMENT: (Enrolment, ""),
    m.JOB: (Job, "enrolment__"),
    m.CONTACT: (Contact, "enrolment__"),
    m.EVENT: (EnrolmentEvent, "enrolment__"),
}


@dataclass
class Cell:
    value: Decimal | int | None
    n: int | None = None  # records behind a mean
    total: Decimal | None = None  # the sum behind a mean
    suppressed: bool = False
    # Hidden only so that a small count beside it cannot be worked out from the total: the
    # count itself may be large, so it must not be shown as "< 5".
    complementary: bool = False
    percent: bool = False
    drill: str = ""  # group key of a count that can be opened
    limit: int = 0  # the small-cell limit it was checked against
    href: str = ""  # where a report page links the count to its records

    @property
    def text(self) -> str:
        if self.suppressed:
            if self.complementary:
                return str(SUPPRESSED)
            return f"< {self.limit}" if self.n is None and isinstance(self.value, int) else "–"
        if self.value is None:
            return "–"
        if isinstance(self.value, int):
            return str(self.value)
        return numbers.percent(self.value) if self.percent else numbers.decimal(self.value)


@dataclass
class Row:
    metric: m.Metric
    cells: list[Cell]

    @property
    def is_count(self) -> bool:
        return self.metric.kind == "count"


@dataclass
class Table:
    dimension: Dimension
    columns: list[tuple[Any, Any]]  # (group key, label), the last is the total
    rows: list[Row]
    limit: int

    def row(self, code: str) -> Row:
        return next(row for row in self.rows if row.metric.code == code)

    def total(self, code: str) -> Cell:
        return self.row(code).cells[-1]


def _aggregates(metrics: list[m.Metric], ctx: m.Context, base: str, suffix: str = "") -> dict:
    aggregates: dict[str, Any] = {}
    for metric in metrics:
        if not isinstance(metric, m.Count | m.Mean) or metric.base != base:
            continue
        condition = metric.condition(ctx)
        if metric.kind == "count":
            aggregates[metric.code + suffix] = Count("pk", filter=condition)
        elif metric.kind == "mean":
            aggregates[f"{metric.code}{suffix}__sum"] = Sum(metric.value(ctx), filter=condition)
            aggregates[f"{metric.code}{suffix}__n"] = Count("pk", filter=condition)
    return aggregates


def _narrowing(metrics: list[m.Metric], ctx: m.Context, base: str) -> Q:
    """A condition no counted record fails, to read fewer rows: for jobs, contacts and events,
    meeting at least one of the figures' conditions (cheap conditions on the records' own
    dates). Enrolments are narrowed by the window they must be open in, where the report
    allows (``records_of_report``)."""
    if base == m.ENROLMENT:
        return Q()
    any_figure = Q()
    for metric in metrics:
        if isinstance(metric, m.Count | m.Mean) and metric.base == base:
            any_figure |= metric.condition(ctx)
    return any_figure


def _open_within(window: Period | None, prefix: str = "") -> Q:
    """Enrolments (at ``prefix``) referred by the window's end and not ended before its start
    (all of them where there is no window)."""
    if window is None:
        return Q()
    return Q(**{f"{prefix}referral_date__lte": window.end}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": window.start})
    )


def records_of_report(
    model: type[Model],
    prefix: str,
    ctx: m.Context,
    unit_ids: set[int],
    window: Period | None = None,
) -> QuerySet:
    """The report's records of one kind; enrolments with the facts their conditions read,
    once the conditions have been built with ``ctx``. With a ``window``, only the enrolments
    open in it, and only their records for the facts."""
    records = model._default_manager.filter(scope_filter(prefix, ctx, unit_ids))
    if model is not Enrolment:
        return records
    of_scope = scope_filter("enrolment__", ctx, unit_ids) & _open_within(window, "enrolment__")
    return with_facts(records.filter(_open_within(window)), ctx, of_scope)


# One combination of the breakdowns' groups: its group keys (``g_<dimension>``), and its
# aggregates that are not zero.
Combination = tuple[dict[str, Any], dict[str, Any]]


def _grouped(
    metrics: list[m.Metric],
    ctx: m.Context,
    unit_ids: set[int],
    dimensions: tuple[str, ...],
    window: Period | None = None,
    trend: TrendQuery | None = None,
) -> list[Combination]:
    """The aggregates of every combination of the dimensions' groups that has records, in one
    query per kind of record; each table then adds up the combinations of its own groups.
    With a ``window``, only the enrolments open in it are read (see ``Report.open_in_period``)."""
    combinations: list[Combination] = []
    for base, (model, prefix) in BASES.items():
        ctx = ctx.fresh()
        aggregates = _aggregates(metrics, ctx, base)
        narrowed = _narrowing(metrics, ctx, base)
        if trend is not None and (in_trend := trend.aggregates(ctx, base)):
            aggregates |= in_trend
            narrowed |= trend.narrowing(ctx, base)
        if not aggregates:
            continue
        keys = {f"g_{code}": DIMENSIONS[code].key(prefix, ctx) for code in dimensions}
        rows = (
            records_of_report(model, prefix, ctx, unit_ids, window)
            .filter(narrowed)
            .annotate(**keys)
            .values(*keys)
            .annotate(**aggregates)
            .order_by()
        )
        combinations += _sparse_rows(rows)
    return combinations


def _sparse_rows(rows: QuerySet) -> list[Combination]:
    """The rows of a grouped query, each without its aggregates that are zero: most of a small
    combination's are, and leaving them out spares each table's roll-up from adding them.

    Read with the database's own values: every aggregate is a whole number (counts, sums of
    days) or a group key, so Django's conversion of each value, which took a report over all
    units longer than its query (tens of thousands of combinations), changes nothing."""
    try:
        sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    except EmptyResultSet:  # nothing can match (an empty scope)
        return []
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        keys = [i for i, name in enumerate(names) if name.startswith("g_")]
        figures = [i for i, name in enumerate(names) if not name.startswith("g_")]
        return [
            (
                {names[i]: row[i] for i in keys},
                {names[i]: row[i] for i in figures if row[i]},
            )
            for row in cursor.fetchall()
        ]


def _unit_values(
    metrics: list[m.Metric], ctx: m.Context, unit_ids: set[int]
) -> dict[str, dict[int, Decimal]]:
    return {
        metric.code: metric.per_unit(ctx, unit_ids) for metric in metrics if metric.kind == "unit"
    }


def _roll_up(combinations: list[Combination], dimension: str) -> dict[Any, dict[str, Any]]:
    """{group of the dimension: {aggregate name: total over its combinations}}."""
    groups: dict[Any, dict[str, Any]] = {}
    key = f"g_{dimension}"
    for keys, values in combinations:
        _add(groups.setdefault(keys[key], {}), values)
    return groups


def _add(total: dict[str, Any], values: dict[str, Any]) -> None:
    for name, value in values.items():
        total[name] = total.get(name, 0) + value


def _mean_cell(metric: m.Mean, total: Any, n: int) -> Cell:
    if not n:
        return Cell(None, n=0, total=Decimal(0))
    total = Decimal(total or 0)
    return Cell(total / (metric.divisor if metric.divisor is not None else n), n=n, total=total)


def _cell(metric: m.Metric, values: dict[str, Any], suffix: str = "") -> Cell:
    """A count's or a mean's cell from the aggregates of one group (or one quarter)."""
    if metric.kind == "count":
        return Cell(int(values.get(metric.code + suffix) or 0))
    assert metric.kind == "mean", f"{metric.code} is neither a count nor a mean"
    return _mean_cell(
        metric,
        values.get(f"{metric.code}{suffix}__sum"),
        int(values.get(f"{metric.code}{suffix}__n") or 0),
    )


def _counted_groups(metrics: list[m.Metric], groups: dict[Any, dict[str, Any]]) -> set[Any]:
    """The groups in which some count, or the records behind some mean, is not zero."""
    names = [metric.code for metric in metrics if metric.kind == "count"] + [
        f"{metric.code}__n" for metric in metrics if metric.kind == "mean"
    ]
    return {key for key, values in groups.items() if any(values.get(name) for name in names)}


def build_table(
    metrics: list[m.Metric],
    ctx: m.Context,
    units: list[Unit],
    dimension_code: str,
    *,
    limit: int | None,
    combinations: list[Combination] | None = None,
    unit_values: dict[str, dict[int, Decimal]] | None = None,
) -> Table:
    """One table: the metrics (rows) for every group of the dimension and the total (columns).
    ``limit`` is the small-cell limit, or None for a viewer who may see the people behind;
    ``combinations`` the aggregates already read for several tables (see ``_grouped``)."""
    dimension = DIMENSIONS[dimension_code]
    unit_ids = {unit.pk for unit in units}
    columns = dimension_columns(dimension_code, ctx, units)
    if combinations is None:
        combinations = _grouped(metrics, ctx, unit_ids, (dimension_code,))
    groups = _roll_up(combinations, dimension_code)
    if dimension.counted_only:
        counted = _counted_groups(metrics, groups)
        columns = [(key, label) for key, label in columns if key in counted]
    if unit_values is None:
        unit_values = _unit_values(metrics, ctx, unit_ids)
    rows: list[Row] = []
    by_code: dict[str, Row] = {}
    keys = [key for key, _label in columns]
    for metric in metrics:
        cells: list[Cell] = []
        if metric.kind == "count":
            cells = [Cell(int(groups.get(k, {}).get(metric.code) or 0), drill=str(k)) for k in keys]
            cells.append(Cell(sum(c.value for c in cells if c.value), drill=TOTAL))
        elif metric.kind == "mean":
            cells = [_cell(metric, groups.get(k, {})) for k in keys]
            cells.append(
                _mean_cell(metric, sum(c.total or 0 for c in cells), sum(c.n or 0 for c in cells))
            )
        elif metric.kind == "unit":
            per_unit = unit_values[metric.code]
            if dimension_code == "unit":
                cells = [Cell(per_unit.get(k)) for k in keys]
            else:
                cells = [Cell(None) for _k in keys]
            cells.append(Cell(sum(per_unit.values(), Decimal(0)) if per_unit else None))
        else:
            cells = [Cell(None, percent=metric.percent) for _k in [*keys, TOTAL]]
        row = Row(metric, cells)
        rows.append(row)
        by_code[metric.code] = row
    for row in rows:
        if row.metric.kind == "ratio":
            _fill_ratio(row, by_code)
    table = Table(
        dimension,
        [*columns, (TOTAL, pgettext_lazy("outcome report column", "Total"))],
        rows,
        limit or 0,
    )
    if limit is not None:
        suppress(table, limit)
    return table


def build_tables(
    metrics: list[m.Metric],
    ctx: m.Context,
    units: list[Unit],
    dimensions: tuple[str, ...],
    *,
    limit: int | None,
    window: Period | None = None,
    trend: TrendQuery | None = None,
) -> tuple[list[Table], list[tuple[Period, dict[str, Cell]]]]:
    """A table for each dimension, all of them from the same aggregates: one grouped query per
    kind of record (see ``_grouped``), and the ``trend``, if any. With a ``window``, only the
    enrolments open in it are read (see ``Report.open_in_period``) and the trend, whose quarters
    open more of them, is read on its own; without, the trend's figures are aggregated in the
    tables' queries and added up over every group."""
    unit_ids = {unit.pk for unit in units}
    in_tables = trend if window is None else None
    combinations = _grouped(metrics, ctx, unit_ids, dimensions, window, in_tables)
    unit_values = _unit_values(metrics, ctx, unit_ids)
    tables = [
        build_table(
            metrics,
            ctx,
            units,
            dimension,
            limit=limit,
            combinations=combinations,
            unit_values=unit_values,
        )
        for dimension in dimensions
    ]
    if trend is None:
        return tables, []
    if in_tables is None:
        return tables, _trend_alone(trend, ctx, unit_ids, trend.window, limit)
    totals: dict[str, Any] = {}
    for _keys, values in combinations:
        _add(totals, values)
    return tables, trend.cells(totals, limit)


def _ratio(numerator: Cell, denominator: Cell, percent: bool) -> Decimal | None:
    if numerator.value is None or not denominator.value:
        return None
    value = Decimal(numerator.value) / Decimal(denominator.value)
    return value * 100 if percent else value


def _fill_ratio(row: Row, by_code: dict[str, Row]) -> None:
    metric = row.metric
    assert metric.kind == "ratio", f"{metric.code} is not a ratio"
    numerators, denominators = by_code[metric.numerator].cells, by_code[metric.denominator].cells
    for cell, numerator, denominator in zip(row.cells, numerators, denominators, strict=True):
        cell.value = _ratio(numerator, denominator, metric.percent)


def _count_of(cell: Cell) -> int:
    """A count's cell always holds its number."""
    assert isinstance(cell.value, int)
    return cell.value


def suppress(table: Table, limit: int) -> None:
    """Hide counts below the limit, then one more count in any group row where a single hidden
    count could be recovered by subtracting the others from the total; then every mean and ratio
    built on a hidden figure."""
    for row in table.rows:
        for cell in row.cells:
            cell.limit = limit
        if row.metric.kind == "count":
            for cell in row.cells:
                cell.suppressed = _count_of(cell) < limit
                cell.complementary = False
            groups, total = row.cells[:-1], row.cells[-1]
            hidden = [cell for cell in groups if cell.suppressed]
            shown = sorted((c for c in groups if not c.suppressed), key=_count_of)
            if len(hidden) == 1 and not total.suppressed and shown:
                shown[0].suppressed = shown[0].complementary = True
        elif row.metric.kind == "mean":
            for cell in row.cells:
                cell.suppressed = (cell.n or 0) < limit
    by_code = {row.metric.code: row for row in table.rows}
    for row in table.rows:
        if row.metric.kind == "ratio":
            metric: m.Ratio = row.metric
            parts = (by_code[metric.numerator].cells, by_code[metric.denominator].cells)
            for i, cell in enumerate(row.cells):
                cell.suppressed = any(part[i].suppressed for part in parts)


# ------------------------------------------------------------------ trends


def _aggregate(records: QuerySet, aggregates: dict[str, Any]) -> dict[str, Any]:
    """What ``records.aggregate(**aggregates)`` gives, without its cost for many aggregates:
    it checks each against all the others for references between them, which took the
    one-unit report as long as running the query."""
    rows = list(records.order_by().values(whole=Value(1)).annotate(**aggregates))
    if not rows:  # nothing can match (an empty scope): what each aggregate gives for no rows
        return {alias: aggregate.empty_result_set_value for alias, aggregate in aggregates.items()}
    return rows[0]


@dataclass(frozen=True)
class TrendQuery:
    """The figures ``codes`` (and the parts of their ratios) in each of the last quarters up to
    the period's end: the aggregates that compute them, and their cells from the totals."""

    parts: list[m.Metric]
    codes: tuple[str, ...]
    quarters: list[Period]

    @classmethod
    def of(cls, metrics: list[m.Metric], codes: tuple[str, ...], ctx: m.Context) -> TrendQuery:
        wanted = [metric for metric in metrics if metric.code in codes]
        needed = set(codes) | {
            part
            for metric in wanted
            if metric.kind == "ratio"
            for part in (metric.numerator, metric.denominator)
        }
        parts = [metric for metric in metrics if metric.code in needed]
        return cls(parts, codes, previous_quarters(ctx.period, TREND_QUARTERS))

    @property
    def window(self) -> Period:
        return Period(self.quarters[0].start, self.quarters[-1].end)

    def aggregates(self, ctx: m.Context, base: str) -> dict[str, Any]:
        aggregates: dict[str, Any] = {}
        for i, quarter in enumerate(self.quarters):
            aggregates |= _aggregates(self.parts, replace(ctx, period=quarter), base, f"__q{i}")
        return aggregates

    def narrowing(self, ctx: m.Context, base: str) -> Q:
        narrowed = Q()
        for quarter in self.quarters:
            narrowed |= _narrowing(self.parts, replace(ctx, period=quarter), base)
        return narrowed

    def cells(
        self, values: dict[str, Any], limit: int | None
    ) -> list[tuple[Period, dict[str, Cell]]]:
        trend = []
        for i, quarter in enumerate(self.quarters):
            cells: dict[str, Cell] = {}
            for metric in self.parts:
                if metric.kind in ("count", "mean"):
                    cells[metric.code] = _cell(metric, values, f"__q{i}")
            for metric in self.parts:
                if metric.kind == "ratio":
                    cell = Cell(None, percent=metric.percent)
                    cell.value = _ratio(
                        cells[metric.numerator], cells[metric.denominator], metric.percent
                    )
                    cells[metric.code] = cell
            if limit is not None:
                single = Table(
                    DIMENSIONS["unit"],
                    [(TOTAL, "")],
                    [Row(x, [cells[x.code]]) for x in self.parts if x.code in cells],
                    limit,
                )
                suppress(single, limit)
            trend.append((quarter, {code: cells[code] for code in self.codes if code in cells}))
        return trend


def _trend_alone(
    trend: TrendQuery,
    ctx: m.Context,
    unit_ids: set[int],
    window: Period | None,
    limit: int | None,
) -> list[tuple[Period, dict[str, Cell]]]:
    """The trend in a query per record kind of its own, reading only the enrolments open in
    the ``window`` (if any)."""
    values: dict[str, Any] = {}
    for base, (model, prefix) in BASES.items():
        ctx = ctx.fresh()
        aggregates = trend.aggregates(ctx, base)
        if aggregates:
            records = records_of_report(model, prefix, ctx, unit_ids, window)
            values |= _aggregate(records.filter(trend.narrowing(ctx, base)), aggregates)
    return trend.cells(values, limit)
