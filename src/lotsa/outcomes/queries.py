"""Outcome reports: the scope a viewer may see, tables of figures computed in the database,
small-cell suppression, trends, and the records behind a figure.

A report reads all its tables from one grouped query per kind of record (enrolments, jobs,
contacts, events), every figure a conditional aggregate and every combination of the breakdowns'
groups a row; each table adds up the combinations of its own groups. The number of queries never
grows with the data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from lotsa import access
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.casework.models import Contact
from lotsa.cohorts.models import Cohort, CohortMember
from lotsa.core.choices import Country
from lotsa.employment.models import Job
from lotsa.errors import DomainError, NotFound
from lotsa.organisations.models import Unit
from lotsa.outcomes import metrics as m
from lotsa.outcomes.benchmarks import benchmarks
from lotsa.outcomes.periods import Period, previous_quarters
from lotsa.pathways.definitions import Programme, registry
from lotsa.pathways.models import Enrolment, EnrolmentEvent, ReferralSource, UnitProgramme
from lotsa.people.identity import Sex
from lotsa.people.pseudonyms import Pseudonymiser
from lotsa.people.queries import declined_statistics

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


# ------------------------------------------------------------------ dimensions

AGE_BANDS = (
    ("under_25", gettext_lazy("Under 25"), 0, 24),
    ("25_34", gettext_lazy("25–34"), 25, 34),
    ("35_44", gettext_lazy("35–44"), 35, 44),
    ("45_54", gettext_lazy("45–54"), 45, 54),
    ("55_plus", gettext_lazy("55 and over"), 55, 200),
)


def _age_band(prefix: str, ctx: m.Context) -> Any:
    """Age in whole years at the end of the period, from the birth year alone."""
    year = ctx.period.end.year
    birth = f"{prefix}participant__birth_year"
    return Case(
        *[
            When(
                **{f"{birth}__gte": year - oldest, f"{birth}__lte": year - youngest},
                then=Value(code),
            )
            for code, _name, youngest, oldest in AGE_BANDS
        ],
        default=Value("55_plus"),
    )


def _cohort(prefix: str, ctx: m.Context) -> Any:
    enrolment = OuterRef("pk") if not prefix else OuterRef("enrolment_id")
    first = CohortMember.objects.filter(enrolment=enrolment).order_by("joined_on", "id")
    return Coalesce(Subquery(first.values("cohort_id")[:1]), Value(0), output_field=IntegerField())


@dataclass(frozen=True)
class Dimension:
    code: str
    name: Any
    heading: Any
    key: Callable[[str, m.Context], Any]
    parse: Callable[[str], Any] = str


DIMENSIONS = {
    "unit": Dimension(
        "unit",
        gettext_lazy("Unit"),
        gettext_lazy("By unit"),
        lambda p, ctx: F(f"{p}unit_id"),
        int,
    ),
    "sex": Dimension(
        "sex",
        gettext_lazy("Sex"),
        gettext_lazy("By sex"),
        lambda p, ctx: F(f"{p}participant__sex"),
    ),
    "age_band": Dimension("age_band", gettext_lazy("Age"), gettext_lazy("By age"), _age_band),
    "referral_source": Dimension(
        "referral_source",
        gettext_lazy("Referred by"),
        gettext_lazy("By referral source"),
        lambda p, ctx: F(f"{p}referral_source"),
    ),
    "cohort": Dimension("cohort", gettext_lazy("Cohort"), gettext_lazy("By cohort"), _cohort, int),
}


def dimension_columns(dimension: str, ctx: m.Context, units: list[Unit]) -> list[tuple[Any, Any]]:
    """Every group of the dimension, in order, whether or not it has records."""
    if dimension == "unit":
        return [(unit.pk, unit.name) for unit in units]
    if dimension == "sex":
        return list(Sex.choices)
    if dimension == "age_band":
        return [(code, name) for code, name, _y, _o in AGE_BANDS]
    if dimension == "referral_source":
        return [*ReferralSource.choices, ("", gettext_lazy("Not recorded"))]
    cohorts = Cohort.objects.filter(unit__in=units, programme_code=ctx.programme.code).order_by(
        "starts_on", "name"
    )
    return [(c.pk, f"{c.name} ({c.unit.name})") for c in cohorts.select_related("unit")] + [
        (0, gettext_lazy("In no cohort"))
    ]


# ------------------------------------------------------------------ reports


@dataclass(frozen=True)
class Report:
    code: str
    title: Any
    description: Any
    metrics: Callable[[Programme], list[m.Metric]]
    programme: str = ""  # fixed programme model, or "" where the viewer chooses
    headline: tuple[str, ...] = ()
    trend: tuple[str, ...] = ()  # figures shown over the last quarters
    chart: str = ""  # figure compared across units in a chart
    # Every enrolment figure counts only enrolments open at some time in the period (referred
    # by its end, not ended before its start), so the others need not be read at all.
    open_in_period: bool = False

    @property
    def trend_chart(self) -> str:
        """The figure drawn over the quarters: the unit chart's where the trend has it."""
        return self.chart if self.chart in self.trend else self.trend[-1] if self.trend else ""

    def dimensions(self, programme: Programme) -> tuple[str, ...]:
        base = ("unit", "sex", "age_band", "referral_source")
        return (*base, "cohort") if programme.group else base


REPORTS = {
    report.code: report
    for report in (
        Report(
            "ips",
            gettext_lazy("IPS quarterly outcomes"),
            gettext_lazy(
                "Participants served, referrals, job starts and the employment rate of IPS "
                "services, against the published benchmarks."
            ),
            lambda programme: m.IPS_QUARTERLY,
            programme="ips",
            headline=("served", "employment_rate", "job_starts", "caseload_per_fte"),
            trend=("served", "rate_numerator", "rate_denominator", "employment_rate"),
            chart="employment_rate",
            open_in_period=True,
        ),
        Report(
            "flow",
            gettext_lazy("Programme flow"),
            gettext_lazy(
                "Referred, admitted, started, completed, dropped out and re-referred, with the "
                "status at the end and at the follow-ups the model defines."
            ),
            m.flow_metrics,
            headline=("referred", "admitted", "started", "completed"),
            trend=("referred", "started", "dropped_out", "completed"),
        ),
        Report(
            "amia",
            gettext_lazy("AMiA transition indicator"),
            gettext_lazy(
                "The share in work, studies or an Arbetsförmedlingen programme 90 days after "
                "the Work-Life Introduction, against the project target and the national level."
            ),
            m.transition_metrics,
            programme="amia",
            headline=("through_ali", "transition_recorded", "transition_rate"),
            trend=("transition_recorded", "transitioned", "transition_rate"),
            chart="transition_rate",
        ),
        Report(
            "knut",
            gettext_lazy("KNUT-PV throughput"),
            gettext_lazy(
                "Inflow, outflow, time on each step of the staircase, places used and exits by reason."
            ),
            m.throughput_metrics,
            programme="knut_pv",
            headline=("inflow", "outflow", "places_used", "occupancy"),
            trend=("inflow", "outflow", "places_used"),
            chart="occupancy",
            open_in_period=True,
        ),
        Report(
            "contacts",
            gettext_lazy("Contacts and services"),
            gettext_lazy(
                "Contacts per participant-month, the community-based share of contacts and "
                "whether job starts got support on time."
            ),
            lambda programme: m.CONTACT_STATISTICS,
            headline=(
                "contacts_per_participant_month",
                "community_share",
                "support_first_days_share",
                "supported_every_week_share",
            ),
            trend=(
                "contacts_held",
                "participant_months",
                "contacts_per_participant_month",
                "community_share",
            ),
            chart="contacts_per_participant_month",
            open_in_period=True,
        ),
    )
}


def report_of(code: str) -> Report:
    report = REPORTS.get(code)
    if report is None:
        raise NotFound("report")
    return report


# ------------------------------------------------------------------ scope


@dataclass(frozen=True)
class Scope:
    units: list[Unit]
    label: str
    sees_people: bool
    params: dict[str, str]  # what selected it, to repeat in links

    @property
    def unit_ids(self) -> set[int]:
        return {unit.pk for unit in self.units}


def _whole(raw: str, field: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise DomainError({field: _("Choose one from the list.")}) from None


def resolve_scope(user: Any, params: dict[str, str], programme: Programme | None) -> Scope:
    """The units a report covers: one unit, an organisation, a country or all the viewer's units
    (that run the programme model, where one is given).

    A unit or organisation the viewer may not report on answers as an unknown one: 404, logged."""
    allowed = access.unit_ids_for(user, access.Action.VIEW_OUTCOMES)
    if not allowed:
        access.require(user, access.Action.VIEW_OUTCOMES)
    unit_raw = params.get("unit", "").strip()
    organisation_raw = params.get("organisation", "").strip()
    country = params.get("country", "").strip().upper()
    chosen = {k: v for k, v in (("unit", unit_raw), ("organisation", organisation_raw)) if v}
    if country:
        chosen["country"] = country
    if len(chosen) > 1:
        raise DomainError({"unit": _("Choose a unit, an organisation or a country, not several.")})
    if unit_raw:
        unit = access.get_unit_for(user, _whole(unit_raw, "unit"), access.Action.VIEW_OUTCOMES)
        chosen_units, label = [unit], unit.name
    else:
        units = (
            Unit.objects.select_related("organisation")
            .order_by("organisation__name", "name")
            .filter(pk__in=allowed)
        )
        if programme is not None:
            running = UnitProgramme.objects.filter(programme_code=programme.code)
            units = units.filter(pk__in=running.values("unit_id"))
        if organisation_raw:
            organisation = access.get_organisation_for(
                user, _whole(organisation_raw, "organisation"), access.Action.VIEW_OUTCOMES
            )
            units = units.filter(organisation=organisation)
            label = organisation.name
        elif country:
            if country not in Country.values:
                raise DomainError({"country": _("Choose one from the list.")})
            units = units.filter(organisation__country=country)
            label = str(Country(country).label)
        else:
            label = _("All your units")
        chosen_units = list(units)
    people = access.unit_ids_for(user, access.Action.VIEW_PARTICIPANT)
    return Scope(
        chosen_units,
        label,
        sees_people={u.pk for u in chosen_units} <= people,
        params=chosen,
    )


def filter_choices(user: Any, report: Report | None, params: dict[str, str]) -> dict[str, Any]:
    """The options of a report's filter form, as (value, label, selected): the viewer's units,
    their organisations and countries, and the programme models where the report (if any) lets
    the viewer choose one. A national manager has hundreds of units, so this reads plain rows."""
    allowed = access.unit_ids_for(user, access.Action.VIEW_OUTCOMES)
    rows = (
        Unit.objects.filter(pk__in=allowed)
        .order_by("organisation__name", "name", "pk")
        .values_list("pk", "name", "organisation_id", "organisation__name", "organisation__country")
    )
    units, organisations, countries = [], {}, set()
    for pk, name, organisation_id, organisation_name, country in rows:
        units.append((pk, f"{organisation_name} – {name}", str(pk) == params.get("unit")))
        organisations[organisation_id] = (
            organisation_id,
            organisation_name,
            str(organisation_id) == params.get("organisation"),
        )
        countries.add(country)
    return {
        "params": params,
        "unit_options": units,
        "organisation_options": list(organisations.values()),
        "country_options": [
            (value, label, value == params.get("country"))
            for value, label in Country.choices
            if value in countries
        ],
        "programmes": (
            list(registry().programmes.values()) if report and not report.programme else []
        ),
    }


def programme_for(report: Report, params: dict[str, str]) -> Programme:
    code = report.programme or params.get("programme", "").strip() or "ips"
    programme = registry().get(code)
    if programme is None:
        raise DomainError({"programme": _("Choose one of the programme models.")})
    return programme


# ------------------------------------------------------------------ tables


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
        shown = self.value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return f"{shown} %" if self.percent else str(shown)


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


def _scope_filter(prefix: str, ctx: m.Context, unit_ids: set[int]) -> Q:
    return Q(**{f"{prefix}unit_id__in": unit_ids, f"{prefix}programme_model": ctx.programme.code})


def _aggregates(metrics: list[m.Metric], ctx: m.Context, base: str, suffix: str = "") -> dict:
    aggregates: dict[str, Any] = {}
    for metric in metrics:
        if getattr(metric, "base", None) != base:
            continue
        condition = metric.condition(ctx)  # type: ignore[union-attr]
        if metric.kind == "count":
            aggregates[metric.code + suffix] = Count("pk", filter=condition)
        elif metric.kind == "mean":
            aggregates[f"{metric.code}{suffix}__sum"] = Sum(metric.value(ctx), filter=condition)  # type: ignore[union-attr]
            aggregates[f"{metric.code}{suffix}__n"] = Count("pk", filter=condition)
    return aggregates


def _narrowing(metrics: list[m.Metric], ctx: m.Context, base: str, window: Period | None) -> Q:
    """A condition no counted record fails, to read fewer rows: for enrolments, being open in
    the window (where the report allows); for jobs, contacts and events, meeting at least one of
    the figures' conditions (cheap conditions on the records' own dates)."""
    if base == m.ENROLMENT:
        return _open_within(window)
    any_figure = Q()
    for metric in metrics:
        if getattr(metric, "base", None) == base:
            any_figure |= metric.condition(ctx)  # type: ignore[union-attr]
    return any_figure


def _open_within(window: Period | None) -> Q:
    """Enrolments referred by the window's end and not ended before its start (all of them
    where there is no window)."""
    if window is None:
        return Q()
    return Q(referral_date__lte=window.end) & (
        Q(end_date__isnull=True) | Q(end_date__gte=window.start)
    )


def _grouped(
    metrics: list[m.Metric],
    ctx: m.Context,
    unit_ids: set[int],
    dimensions: tuple[str, ...],
    window: Period | None = None,
) -> list[dict[str, Any]]:
    """The aggregates of every combination of the dimensions' groups that has records, in one
    query per kind of record; each table then adds up the combinations of its own groups.
    With a ``window``, only the enrolments open in it are read (see ``Report.open_in_period``)."""
    combinations: list[dict[str, Any]] = []
    for base, (model, prefix) in BASES.items():
        aggregates = _aggregates(metrics, ctx, base)
        if not aggregates:
            continue
        keys = {f"g_{code}": DIMENSIONS[code].key(prefix, ctx) for code in dimensions}
        narrowed = _narrowing(metrics, ctx, base, window)
        rows = (
            model.objects.filter(_scope_filter(prefix, ctx, unit_ids), narrowed)
            .annotate(**keys)
            .values(*keys)
            .annotate(**aggregates)
            .order_by()
        )
        # Most aggregates of a small combination are zero; leaving them out here spares each
        # table's roll-up from adding them (thousands of combinations over all units).
        combinations += (
            {name: value for name, value in row.items() if value or name in keys} for row in rows
        )
    return combinations


def _unit_values(
    metrics: list[m.Metric], ctx: m.Context, unit_ids: set[int]
) -> dict[str, dict[int, Decimal]]:
    return {
        metric.code: metric.per_unit(ctx, unit_ids)  # type: ignore[union-attr]
        for metric in metrics
        if metric.kind == "unit"
    }


def _roll_up(combinations: list[dict[str, Any]], dimension: str) -> dict[Any, dict[str, Any]]:
    """{group of the dimension: {aggregate name: total over its combinations}}."""
    groups: dict[Any, dict[str, Any]] = {}
    key = f"g_{dimension}"
    for combination in combinations:
        group = groups.setdefault(combination[key], {})
        for name, value in combination.items():
            if not name.startswith("g_"):
                group[name] = group.get(name, 0) + value
    return groups


def _mean_cell(metric: m.Mean, total: Any, n: int) -> Cell:
    if not n:
        return Cell(None, n=0, total=Decimal(0))
    total = Decimal(total or 0)
    return Cell(total / (metric.divisor if metric.divisor is not None else n), n=n, total=total)


def _cell(metric: m.Metric, values: dict[str, Any], suffix: str = "") -> Cell:
    """A count's or a mean's cell from the aggregates of one group (or one quarter)."""
    if metric.kind == "count":
        return Cell(int(values.get(metric.code + suffix) or 0))
    return _mean_cell(
        metric,  # type: ignore[arg-type]
        values.get(f"{metric.code}{suffix}__sum"),
        int(values.get(f"{metric.code}{suffix}__n") or 0),
    )


def build_table(
    metrics: list[m.Metric],
    ctx: m.Context,
    units: list[Unit],
    dimension_code: str,
    *,
    limit: int | None,
    combinations: list[dict[str, Any]] | None = None,
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
    if unit_values is None:
        unit_values = _unit_values(metrics, ctx, unit_ids)
    rows: list[Row] = []
    by_code: dict[str, Row] = {}
    keys = [key for key, _label in columns]
    for metric in metrics:
        cells: list[Cell] = []
        if metric.kind == "count":
            cells = [replace(_cell(metric, groups.get(k, {})), drill=str(k)) for k in keys]
            cells.append(Cell(sum(c.value for c in cells if c.value), drill=TOTAL))  # type: ignore[misc]
        elif metric.kind == "mean":
            cells = [_cell(metric, groups.get(k, {})) for k in keys]
            cells.append(
                _mean_cell(metric, sum(c.total or 0 for c in cells), sum(c.n or 0 for c in cells))
            )  # type: ignore[arg-type]
        elif metric.kind == "unit":
            per_unit = unit_values[metric.code]
            if dimension_code == "unit":
                cells = [Cell(per_unit.get(k)) for k in keys]
            else:
                cells = [Cell(None) for _k in keys]
            cells.append(Cell(sum(per_unit.values(), Decimal(0)) if per_unit else None))
        else:
            cells = [Cell(None, percent=metric.percent) for _k in [*keys, TOTAL]]  # type: ignore[union-attr]
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


def _ratio(numerator: Cell, denominator: Cell, percent: bool) -> Decimal | None:
    if numerator.value is None or not denominator.value:
        return None
    value = Decimal(numerator.value) / Decimal(denominator.value)
    return value * 100 if percent else value


def _fill_ratio(row: Row, by_code: dict[str, Row]) -> None:
    metric: m.Ratio = row.metric  # type: ignore[assignment]
    numerators, denominators = by_code[metric.numerator].cells, by_code[metric.denominator].cells
    for cell, numerator, denominator in zip(row.cells, numerators, denominators, strict=True):
        cell.value = _ratio(numerator, denominator, metric.percent)


def suppress(table: Table, limit: int) -> None:
    """Hide counts below the limit, then one more count in any group row where a single hidden
    count could be recovered by subtracting the others from the total; then every mean and ratio
    built on a hidden figure."""
    for row in table.rows:
        for cell in row.cells:
            cell.limit = limit
        if row.metric.kind == "count":
            for cell in row.cells:
                cell.suppressed = cell.value < limit  # type: ignore[operator]
                cell.complementary = False
            groups, total = row.cells[:-1], row.cells[-1]
            hidden = [cell for cell in groups if cell.suppressed]
            shown = sorted((c for c in groups if not c.suppressed), key=lambda c: c.value)  # type: ignore[arg-type, return-value]
            if len(hidden) == 1 and not total.suppressed and shown:
                shown[0].suppressed = shown[0].complementary = True
        elif row.metric.kind == "mean":
            for cell in row.cells:
                cell.suppressed = (cell.n or 0) < limit
    by_code = {row.metric.code: row for row in table.rows}
    for row in table.rows:
        if row.metric.kind == "ratio":
            metric: m.Ratio = row.metric  # type: ignore[assignment]
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


def build_trend(
    metrics: list[m.Metric],
    codes: tuple[str, ...],
    ctx: m.Context,
    units: list[Unit],
    *,
    limit: int | None,
    open_in_period: bool = False,
) -> list[tuple[Period, dict[str, Cell]]]:
    """The figures over the last quarters up to the period's end, in one query per record kind
    (reading only the enrolments open in those quarters where the report allows)."""
    wanted = [metric for metric in metrics if metric.code in codes]
    needed = set(codes) | {
        part
        for metric in wanted
        if metric.kind == "ratio"
        for part in (metric.numerator, metric.denominator)  # type: ignore[union-attr]
    }
    parts = [metric for metric in metrics if metric.code in needed]
    quarters = previous_quarters(ctx.period, TREND_QUARTERS)
    unit_ids = {unit.pk for unit in units}
    window = Period(quarters[0].start, quarters[-1].end) if open_in_period else None
    values: dict[str, Any] = {}
    for base, (model, prefix) in BASES.items():
        aggregates: dict[str, Any] = {}
        for i, quarter in enumerate(quarters):
            aggregates |= _aggregates(parts, replace(ctx, period=quarter), base, f"__q{i}")
        if aggregates:
            narrowed = Q()
            if base == m.ENROLMENT:
                narrowed = _open_within(window)
            else:
                for quarter in quarters:
                    narrowed |= _narrowing(parts, replace(ctx, period=quarter), base, None)
            values |= _aggregate(
                model.objects.filter(_scope_filter(prefix, ctx, unit_ids), narrowed), aggregates
            )
    trend = []
    for i, quarter in enumerate(quarters):
        cells: dict[str, Cell] = {}
        for metric in parts:
            if metric.kind in ("count", "mean"):
                cells[metric.code] = _cell(metric, values, f"__q{i}")
        for metric in parts:
            if metric.kind == "ratio":
                cell = Cell(None, percent=metric.percent)  # type: ignore[union-attr]
                cell.value = _ratio(
                    cells[metric.numerator], cells[metric.denominator], metric.percent
                )  # type: ignore[union-attr]
                cells[metric.code] = cell
        if limit is not None:
            single = Table(
                DIMENSIONS["unit"],
                [(TOTAL, "")],
                [Row(x, [cells[x.code]]) for x in parts if x.code in cells],
                limit,
            )
            suppress(single, limit)
        trend.append((quarter, {code: cells[code] for code in codes if code in cells}))
    return trend


# ------------------------------------------------------------------ the report as a whole


@dataclass
class ReportView:
    report: Report
    programme: Programme
    ctx: m.Context
    scope: Scope
    tables: list[Table]
    trend: list[tuple[Period, dict[str, Cell]]] = field(default_factory=list)

    @property
    def limit(self) -> int | None:
        return None if self.scope.sees_people else settings.SMALL_CELL_LIMIT

    @property
    def suppression_legend(self) -> str:
        """What a count hidden to protect another shows, explained for the page's legend."""
        return str(SUPPRESSED_LEGEND % {"hidden": SUPPRESSED, "limit": self.limit})

    @property
    def headline(self) -> list[tuple[m.Metric, Cell]]:
        main = self.tables[0]
        return [(main.row(code).metric, main.total(code)) for code in self.report.headline]

    @property
    def trend_metrics(self) -> list[m.Metric]:
        main = self.tables[0]
        return [main.row(code).metric for code in self.report.trend]

    @property
    def benchmarks(self) -> Any:
        return benchmarks()

    @property
    def band(self) -> Any:
        if self.report.code != "ips":
            return None
        cell = self.tables[0].total("employment_rate")
        return (
            None
            if cell.suppressed
            else benchmarks().band_of(float(cell.value) if cell.value is not None else None)
        )


def _setting(
    user: Any, report: Report, params: dict[str, str], period: Period
) -> tuple[Programme, Scope, m.Context]:
    """The programme model, the units and the context a report is computed for."""
    programme = programme_for(report, params)
    scope = resolve_scope(user, params, programme)
    return programme, scope, m.Context(period, programme, inclusive=params.get("inclusive") == "1")


def report_view(user: Any, report: Report, params: dict[str, str], period: Period) -> ReportView:
    programme, scope, ctx = _setting(user, report, params, period)
    limit = None if scope.sees_people else settings.SMALL_CELL_LIMIT
    metrics = report.metrics(programme)
    dimensions = report.dimensions(programme)
    window = ctx.period if report.open_in_period else None
    combinations = _grouped(metrics, ctx, scope.unit_ids, dimensions, window)
    unit_values = _unit_values(metrics, ctx, scope.unit_ids)
    tables = [
        build_table(
            metrics,
            ctx,
            scope.units,
            dimension,
            limit=limit,
            combinations=combinations,
            unit_values=unit_values,
        )
        for dimension in dimensions
    ]
    trend = (
        build_trend(
            metrics,
            report.trend,
            ctx,
            scope.units,
            limit=limit,
            open_in_period=report.open_in_period,
        )
        if report.trend
        else []
    )
    record(
        AuditEvent.OUTCOMES_VIEWED,
        actor=user,
        changes={
            "report": report.code,
            "programme": programme.code,
            "period": [period.start.isoformat(), period.end.isoformat()],
            "units": sorted(scope.unit_ids),
        },
    )
    return ReportView(report, programme, ctx, scope, tables, trend)


# ------------------------------------------------------------------ the records behind a figure


@dataclass(frozen=True)
class RecordLine:
    """One record behind a figure. For a viewer who may not see the people it carries only a
    pseudonym of this list's own, months rather than dates, and details: never the unit, whose
    counts might be suppressed."""

    enrolment: Enrolment
    label: str  # name, or pseudonym for viewers who may not see people
    detail: str  # e.g. the job title and start for job figures
    day: datetime.date | None
    exact: bool = True  # False: the dates are shown as their months only

    def _shown(self, day: datetime.date | None) -> str:
        if day is None:
            return "–"
        return day.isoformat() if self.exact else f"{day:%Y-%m}"

    @property
    def shown_dates(self) -> tuple[str, str, str, str]:
        """Referral, start, end and the record's own day, as the viewer may see them."""
        enrolment = self.enrolment
        return (
            self._shown(enrolment.referral_date),
            self._shown(enrolment.start_date),
            self._shown(enrolment.end_date),
            self._shown(self.day),
        )


def records_behind(
    user: Any,
    report: Report,
    params: dict[str, str],
    period: Period,
    *,
    metric_code: str,
    dimension_code: str,
    group: str,
) -> tuple[ReportView, m.Metric, list[RecordLine]]:
    """The enrolments (or jobs, contacts) a count is made of, exactly as many as the count.

    A viewer who may not see the people gets them without those who declined the use of their
    data for statistics, under pseudonyms drawn for this list alone (so that two lists, say of
    the women and of those aged 25–34, cannot be joined into one row per person), dated by month
    and in the order of the pseudonyms rather than of registration."""
    programme, scope, ctx = _setting(user, report, params, period)
    metric = next((x for x in report.metrics(programme) if x.code == metric_code), None)
    if metric is None or metric.kind != "count":
        raise DomainError({"metric": _("This figure cannot be opened.")})
    dimension = DIMENSIONS.get(dimension_code)
    if dimension is None or dimension_code not in report.dimensions(programme):
        raise DomainError({"dimension": _("Choose one from the list.")})
    model, prefix = BASES[metric.base]  # type: ignore[union-attr]
    rows = model.objects.filter(_scope_filter(prefix, ctx, scope.unit_ids)).filter(
        metric.condition(ctx)  # type: ignore[union-attr]
    )
    if group != TOTAL:
        try:
            key = dimension.parse(group)
        except ValueError:
            raise DomainError({"group": _("Choose one from the list.")}) from None
        rows = rows.annotate(group=dimension.key(prefix, ctx)).filter(group=key)
    enrolment_path = "" if model is Enrolment else "enrolment__"
    if not scope.sees_people:
        rows = rows.exclude(declined_statistics(enrolment_path))
    rows = rows.select_related(f"{enrolment_path}participant", f"{enrolment_path}unit").order_by(
        "pk"
    )
    if not scope.sees_people and _is_hidden(report, ctx, scope, metric.code, dimension_code, group):
        access.refuse(
            user,
            "outcomes.records",
            object_type="outcomes.figure",
            object_id=f"{report.code}:{metric.code}:{dimension_code}:{group}",
        )
    if scope.sees_people:
        lines = [_line(row, None) for row in rows]
    else:
        pseudonym = Pseudonymiser.fresh()
        lines = sorted((_line(row, pseudonym) for row in rows), key=lambda line: line.label)
    record(
        AuditEvent.OUTCOME_RECORDS_VIEWED,
        actor=user,
        changes={
            "report": report.code,
            "metric": metric.code,
            "group": f"{dimension_code}:{group}",
            "participants": sorted({line.enrolment.participant_id for line in lines}),
            "pseudonymous": not scope.sees_people,
        },
    )
    view = ReportView(report, programme, ctx, scope, [])
    return view, metric, lines


def _is_hidden(
    report: Report, ctx: m.Context, scope: Scope, code: str, dimension_code: str, group: str
) -> bool:
    """Whether the figure is suppressed for this viewer: its records must not be listed either."""
    table = build_table(
        report.metrics(ctx.programme),
        ctx,
        scope.units,
        dimension_code,
        limit=settings.SMALL_CELL_LIMIT,
    )
    cell = next((c for c in table.row(code).cells if c.drill == group), None)
    return cell is None or cell.suppressed


def _line(row: Any, pseudonym: Pseudonymiser | None) -> RecordLine:
    """The record's line: by name, or, with ``pseudonym``, for a viewer who may not see people."""
    enrolment = row if isinstance(row, Enrolment) else row.enrolment
    sees_people = pseudonym is None
    label = (
        enrolment.participant.display_name
        if pseudonym is None
        else pseudonym(enrolment.participant_id)
    )
    if isinstance(row, Job):
        detail, day = (row.title if sees_people else ""), row.starts_on
    elif isinstance(row, Contact):
        detail, day = row.get_mode_display(), row.occurred_on
    elif isinstance(row, EnrolmentEvent):
        detail, day = row.from_phase, row.occurred_on
    else:
        detail, day = "", enrolment.referral_date
    return RecordLine(enrolment, label, detail, day, exact=sees_people)
