"""Outcome reports as a viewer sees them: the report page's tables and trend for the scope the
viewer chose, and the records behind one of its figures. Both are audited reads.

The parts they are built from: ``reports`` (which figures a report shows), ``scope`` (the units
a viewer may report on), ``dimensions`` (the breakdowns) and ``tables`` (the figures computed in
the database, small-cell suppression and trends).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.casework.models import Contact
from lotsa.employment.models import Job
from lotsa.errors import DomainError
from lotsa.outcomes import metrics as m
from lotsa.outcomes.benchmarks import benchmarks
from lotsa.outcomes.dimensions import DIMENSIONS
from lotsa.outcomes.periods import Period
from lotsa.outcomes.reports import Report
from lotsa.outcomes.scope import Scope, programme_for, resolve_scope
from lotsa.outcomes.tables import (
    BASES,
    SUPPRESSED,
    SUPPRESSED_LEGEND,
    TOTAL,
    Cell,
    Table,
    TrendQuery,
    build_table,
    build_tables,
    records_of_report,
)
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.models import Enrolment, EnrolmentEvent
from lotsa.people.pseudonyms import Pseudonymiser
from lotsa.people.queries import declined_statistics

# ------------------------------------------------------------------ the report as a whole


@dataclass
class ReportView:
    report: Report
    programme: Programme
    ctx: m.Context
    scope: Scope
    tables: list[Table]
    trend: list[tuple[Period, dict[str, Cell]]] = field(default_factory=list)
    # On the records behind a figure: the figure counting what this one leaves out (job starts
    # without four paid hours), and how many of them there are in the same group, where the
    # viewer may see people.
    left_out: m.Metric | None = None
    left_out_count: int | None = None

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
    def uncounted_job_starts(self) -> Cell | None:
        """The job starts the report leaves out for want of four paid hours, if it counts job
        starts and there are any to explain (and they may be shown)."""
        main = self.tables[0]
        if not any(row.metric.code == m.UNCOUNTED_JOB_STARTS for row in main.rows):
            return None
        cell = main.total(m.UNCOUNTED_JOB_STARTS)
        return cell if cell.value and not cell.suppressed else None

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
    user: Actor, report: Report, params: dict[str, str], period: Period
) -> tuple[Programme, Scope, m.Context]:
    """The programme model, the units and the context a report is computed for."""
    programme = programme_for(user, report, params)
    scope = resolve_scope(user, params, programme)
    return programme, scope, m.Context(period, programme, inclusive=params.get("inclusive") == "1")


def report_view(user: Actor, report: Report, params: dict[str, str], period: Period) -> ReportView:
    programme, scope, ctx = _setting(user, report, params, period)
    limit = None if scope.sees_people else settings.SMALL_CELL_LIMIT
    metrics = report.metrics(programme)
    dimensions = report.dimensions(programme)
    tables, trend = build_tables(
        metrics,
        ctx,
        scope.units,
        dimensions,
        limit=limit,
        window=ctx.period if report.open_in_period else None,
        trend=TrendQuery.of(metrics, report.trend, ctx) if report.trend else None,
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
    user: Actor,
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
    if dimension_code not in DIMENSIONS or dimension_code not in report.dimensions(programme):
        raise DomainError({"dimension": _("Choose one from the list.")})
    rows = _records_of(metric, ctx, scope, dimension_code, group)
    model = rows.model
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
    if metric.leaves_out:
        view.left_out = next(x for x in report.metrics(programme) if x.code == metric.leaves_out)
        if scope.sees_people:
            view.left_out_count = _records_of(
                view.left_out, ctx, scope, dimension_code, group
            ).count()
    return view, metric, lines


def _records_of(
    metric: m.Metric, ctx: m.Context, scope: Scope, dimension_code: str, group: str
) -> QuerySet[Any]:
    """The records a count of the report is made of, in one group of a breakdown (or all)."""
    assert isinstance(metric, m.Count)
    model, prefix = BASES[metric.base]
    ctx = ctx.fresh()
    condition = metric.condition(ctx)
    rows = records_of_report(model, prefix, ctx, scope.unit_ids).filter(condition)
    if group != TOTAL:
        dimension = DIMENSIONS[dimension_code]
        try:
            key = dimension.parse(group)
        except ValueError:
            raise DomainError({"group": _("Choose one from the list.")}) from None
        rows = rows.annotate(group=dimension.key(prefix, ctx)).filter(group=key)
    return rows


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
