"""Outcome report pages: the report, the records behind a figure, exports, PDF and definitions.

The report pages, the records behind them and the exports read from the replica when there is
one (``lotsa.core.replica``): nothing a viewer saves leads to them, so a replica a moment behind
shows what the viewer expects. Their audit entries go to the primary, as every write does."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core import spreadsheets
from lotsa.core.downloads import PDF, XLSX, download, pdf_of
from lotsa.core.replica import reading_from_replica, streamed_from_replica
from lotsa.errors import DomainError
from lotsa.outcomes import charts, enrolments, exports, queries, reports, scope
from lotsa.outcomes.benchmarks import benchmarks
from lotsa.outcomes.periods import parse_period
from lotsa.pathways.definitions.registry import registry

FILTER_KEYS = (
    "quarter",
    "start",
    "end",
    "unit",
    "organisation",
    "country",
    "programme",
    "inclusive",
    "study",  # the export of all enrolments for a linking study
)


def _params(request: AuthenticatedHttpRequest) -> dict[str, str]:
    return {key: request.GET[key] for key in FILTER_KEYS if request.GET.get(key, "").strip()}


def _link(view: queries.ReportView, **extra: str) -> str:
    params = {"start": view.ctx.period.start.isoformat(), "end": view.ctx.period.end.isoformat()}
    params |= view.scope.params
    if not view.report.programme:
        params["programme"] = view.programme.code
    if view.ctx.inclusive:
        params["inclusive"] = "1"
    return urlencode(params | extra)


def _refusal_page(
    request: AuthenticatedHttpRequest,
    report: reports.Report,
    params: dict[str, str],
    error: DomainError,
) -> HttpResponse:
    """The report's filter form with the errors next to the fields they concern (400)."""
    context = {
        "report": report,
        "errors": error.errors,
        **scope.filter_choices(request.user, report, params),
    }
    return render(request, "outcomes/report.html", context, status=400)


def _report_or_errors(
    request: AuthenticatedHttpRequest, code: str
) -> queries.ReportView | HttpResponse:
    report = reports.report_of(code)
    params = _params(request)
    try:
        period = parse_period(params, timezone.localdate())
        return queries.report_view(request.user, report, params, period)
    except DomainError as error:
        return _refusal_page(request, report, params, error)


def _link_counts(view: queries.ReportView, records_link: str) -> None:
    """Every count shown that has records behind it links to them. The links are built here
    rather than in the template: a national report has hundreds of cells."""
    for table in view.tables:
        for row in table.rows:
            if not row.is_count:
                continue
            for cell in row.cells:
                if cell.value and not cell.suppressed:
                    where = {"metric": row.metric.code, "dimension": table.dimension.code}
                    cell.href = f"{records_link}&{urlencode(where | {'group': cell.drill})}"


def _context(request: AuthenticatedHttpRequest, view: queries.ReportView) -> dict[str, Any]:
    query = _link(view)
    _link_counts(view, f"{reverse('outcomes:records', args=[view.report.code])}?{query}")
    return {
        "view": view,
        "report": view.report,
        "query": query,
        "unit_chart": charts.unit_chart(view),
        "trend_chart": charts.trend_chart(view),
        "steps_chart": charts.steps_chart(view),
        "benchmarks": benchmarks(),
        **scope.filter_choices(request.user, view.report, _params(request)),
    }


def _with_report(
    page: Callable[[AuthenticatedHttpRequest, queries.ReportView], HttpResponse],
) -> Callable[[AuthenticatedHttpRequest, str], HttpResponse]:
    """A signed-in GET page of one report: bad filters get the report form with the errors (400)."""

    @login_required
    @require_GET
    @wraps(page)
    def wrapped(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
        with reading_from_replica():
            view = _report_or_errors(request, code)
            return view if isinstance(view, HttpResponse) else page(request, view)

    return wrapped


def _index(
    request: AuthenticatedHttpRequest, *, errors: Any = None, status: int = 200
) -> HttpResponse:
    access.require(request.user, access.Action.VIEW_OUTCOMES)
    params = _params(request)
    context = {
        "reports": reports.REPORTS.values(),
        "errors": errors or {},
        "study_options": enrolments.study_choices(request.user, params),
        **scope.filter_choices(request.user, None, params),
    }
    return render(request, "outcomes/index.html", context, status=status)


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _index(request)


@_with_report
def report_page(request: AuthenticatedHttpRequest, view: queries.ReportView) -> HttpResponse:
    return render(request, "outcomes/report.html", _context(request, view))


@login_required
@require_GET
def records(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    with reading_from_replica():
        return _records(request, code)


def _records(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    report = reports.report_of(code)
    params = _params(request)
    try:
        period = parse_period(params, timezone.localdate())
        view, metric, lines = queries.records_behind(
            request.user,
            report,
            params,
            period,
            metric_code=request.GET.get("metric", ""),
            dimension_code=request.GET.get("dimension", ""),
            group=request.GET.get("group", ""),
        )
    except DomainError as error:
        return _refusal_page(request, report, params, error)
    return render(
        request,
        "outcomes/records.html",
        {
            "view": view,
            "metric": metric,
            "lines": lines,
            "query": _link(view),
            "left_out_href": _left_out_link(request, view),
        },
    )


def _left_out_link(request: AuthenticatedHttpRequest, view: queries.ReportView) -> str:
    """The records that the figure shown leaves out, in the same group (see ``Count.leaves_out``)."""
    if view.left_out is None:
        return ""
    where = {key: request.GET.get(key, "") for key in ("dimension", "group")}
    records_link = reverse("outcomes:records", args=[view.report.code])
    return f"{records_link}?{_link(view, metric=view.left_out.code, **where)}"


def _exported(request: AuthenticatedHttpRequest, view: queries.ReportView, kind: str) -> None:
    record(
        AuditEvent.OUTCOMES_EXPORTED,
        actor=request.user,
        changes={"report": view.report.code, "format": kind, "units": sorted(view.scope.unit_ids)},
    )


@_with_report
def export_csv(request: AuthenticatedHttpRequest, view: queries.ReportView) -> HttpResponse:
    code = view.report.code
    wanted = request.GET.get("table", "unit")
    table = next((t for t in view.tables if t.dimension.code == wanted), None)
    if table is None:
        return render(
            request,
            "outcomes/report.html",
            {**_context(request, view), "errors": {"table": [_("Choose one from the list.")]}},
            status=400,
        )
    _exported(request, view, "csv")
    return download(
        exports.as_csv(view, table), "text/csv; charset=utf-8", f"lotsa-{code}-{wanted}.csv"
    )


@login_required
@require_GET
def export_enrolments(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """All enrolments of the chosen units as CSV, streamed, participants under pseudonyms;
    generalised for viewers who may not see the people and for linking studies."""
    try:
        with reading_from_replica():
            header, lines = enrolments.enrolments_for_export(request.user, _params(request))
    except DomainError as error:
        return _index(request, errors=error.errors, status=400)
    stream = spreadsheets.csv_blocks(itertools.chain([header], streamed_from_replica(lines)))
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lotsa-enrolments.csv"'
    return response


@_with_report
def export_xlsx(request: AuthenticatedHttpRequest, view: queries.ReportView) -> HttpResponse:
    _exported(request, view, "xlsx")
    return download(
        exports.as_xlsx(view),
        XLSX,
        f"lotsa-{view.report.code}.xlsx",
    )


@_with_report
def export_pdf(request: AuthenticatedHttpRequest, view: queries.ReportView) -> HttpResponse:
    _exported(request, view, "pdf")
    return download(
        pdf_of(request, "outcomes/report_pdf.html", _context(request, view)),
        PDF,
        f"lotsa-{view.report.code}.pdf",
    )


def _definitions() -> list[tuple[Any, list[tuple[str, dict[str, tuple[str, str]]]]]]:
    """Every report's figures with name and definition in each language, from the metric code."""
    sections = []
    for report in reports.REPORTS.values():
        programmes = (
            [registry().programmes[report.programme]]
            if report.programme
            else list(registry().programmes.values())
        )
        seen: dict[str, dict[str, tuple[str, str]]] = {}
        for programme in programmes:
            for metric in report.metrics(programme):
                texts = {}
                for language in ("sv", "da", "en"):
                    with translation.override(language):
                        texts[language] = (str(metric.name), str(metric.definition))
                seen.setdefault(metric.code, texts)
        sections.append((report, list(seen.items())))
    return sections


@login_required
@require_GET
def definitions(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(request.user, access.Action.VIEW_OUTCOMES)
    return render(
        request,
        "outcomes/definitions.html",
        {"sections": _definitions(), "benchmarks": benchmarks()},
    )
