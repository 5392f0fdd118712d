"""The socioeconomic report page, its PDF and its XLSX file.

Like the outcome reports they read from the replica when there is one and write their audit
entries to the primary. The "what if" fields are part of the same GET form: a changed value is
recomputed on the spot and saved nowhere."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core.downloads import PDF, XLSX, download, pdf_of
from lotsa.core.replica import reading_from_replica
from lotsa.errors import DomainError
from lotsa.outcomes import scope as outcome_scope
from lotsa.outcomes.periods import parse_period
from lotsa.socioeconomics import names, queries
from lotsa.socioeconomics.queries_costs import parameter_sets_for
from lotsa.socioeconomics.report import (
    REPORT_CODE,
    SocioeconomicReport,
    charts,
    socioeconomic_report,
    tables,
)
from lotsa.socioeconomics.report.form import (
    FORM_KEYS,
    PREFIXES,
    outcome_states,
    parameter_set_for,
    public_payers,
)
from lotsa.socioeconomics.vocabulary import COUNTRIES

PERIOD_KEYS = ("quarter", "start", "end")
SCOPE_KEYS = ("unit", "organisation", "country", "cohort", "programme")


def _params(request: AuthenticatedHttpRequest) -> dict[str, str]:
    return {
        key: value
        for key in request.GET
        if (value := request.GET.get(key, "")).strip()
        and (key in (*PERIOD_KEYS, *SCOPE_KEYS, *FORM_KEYS) or key.startswith(PREFIXES))
    }


def _form(
    request: AuthenticatedHttpRequest, params: dict[str, str], errors: dict[str, list[str]]
) -> dict[str, Any]:
    """The form's options and the fields of the parameter set chosen (or the default one)."""
    user = request.user
    try:
        parameters = parameter_set_for(user, params, None)
    except DomainError:
        parameters = parameter_set_for(user, {}, None)
    chosen = params.get("parameter_set", parameters.id)
    return {
        **outcome_scope.filter_choices(user, None, params),
        "programmes": outcome_scope.programmes_run_by(user, also=params.get("programme", "")),
        "cohort_options": queries.cohort_choices(user, params),
        "set_options": [
            (offered.key, offered.title, offered.key == chosen)
            for country in COUNTRIES
            for offered in parameter_sets_for(user, country)
        ],
        "form_parameters": parameters,
        "split_fields": [
            (
                payer,
                names.column_name(payer),
                params.get(f"split_{payer}", ""),
                errors.get(f"split_{payer}", []),
            )
            for payer in public_payers(parameters)
        ],
        "state_fields": [
            (
                state,
                names.state_name(state),
                params.get(f"counterfactual_{state}", ""),
                params.get(f"share_{state}", ""),
                errors.get(f"counterfactual_{state}", []),
                errors.get(f"share_{state}", []),
            )
            for state in outcome_states(parameters)
        ],
    }


def _page(
    request: AuthenticatedHttpRequest,
    params: dict[str, str],
    *,
    report: SocioeconomicReport | None = None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    errors = errors or {}
    context = {**_form(request, params, errors), "errors": errors, "params": params}
    if report is not None:
        context |= _report_context(report, params)
    return render(request, "socioeconomics/report.html", context, status=status)


def _report_context(report: SocioeconomicReport, params: dict[str, str]) -> dict[str, Any]:
    result = report.result
    return {
        "report": report,
        "query": urlencode(params),
        "indicator_lines": tables.indicator_lines(report) if result else [],
        "year_tables": [(name, tables.year_lines(column)) for _c, name, column in report.columns],
        "year_headings": tables.year_headings(),
        "parameter_lines": tables.parameter_lines(report),
        "flow_chart": charts.flow_chart(result) if result else None,
        "tornado_chart": charts.tornado_chart(result) if result else None,
    }


def _computed(
    page: Callable[[AuthenticatedHttpRequest, dict[str, str], SocioeconomicReport], HttpResponse],
) -> Callable[[AuthenticatedHttpRequest], HttpResponse]:
    """A signed-in GET of the report computed from the query string; fields that do not hold
    get the form back with a message beside each (400)."""

    @login_required
    @require_GET
    @wraps(page)
    def wrapped(request: AuthenticatedHttpRequest) -> HttpResponse:
        params = _params(request)
        with reading_from_replica():
            try:
                period = parse_period(params, timezone.localdate())
                report = socioeconomic_report(request.user, params, period)
            except DomainError as error:
                return _page(request, params, errors=error.errors, status=400)
            return page(request, params, report)

    return wrapped


@login_required
@require_GET
def report_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    params = _params(request)
    if not params:
        # The first visit: the form alone, since the cost and the counterfactual are needed.
        access.require(request.user, access.Action.VIEW_OUTCOMES)
        with reading_from_replica():
            return _page(request, params)
    return _computed_page(request)


@_computed
def _computed_page(
    request: AuthenticatedHttpRequest, params: dict[str, str], report: SocioeconomicReport
) -> HttpResponse:
    return _page(request, params, report=report)


def _exported(request: AuthenticatedHttpRequest, report: SocioeconomicReport, kind: str) -> None:
    parameters = report.parameters
    record(
        AuditEvent.OUTCOMES_EXPORTED,
        actor=request.user,
        changes={
            "report": REPORT_CODE,
            "format": kind,
            "units": sorted(report.scope.scope.unit_ids),
            "cohort": report.scope.cohort_id,
            "parameter_set": [parameters.id, parameters.version],
        },
    )


@_computed
def export_xlsx(
    request: AuthenticatedHttpRequest, params: dict[str, str], report: SocioeconomicReport
) -> HttpResponse:
    _exported(request, report, "xlsx")
    return download(tables.workbook(report), XLSX, "lotsa-socioeconomic-value.xlsx")


@_computed
def export_pdf(
    request: AuthenticatedHttpRequest, params: dict[str, str], report: SocioeconomicReport
) -> HttpResponse:
    _exported(request, report, "pdf")
    context = {**_report_context(report, params), "pdf": True}
    return download(
        pdf_of(request, "socioeconomics/report_pdf.html", context),
        PDF,
        "lotsa-socioeconomic-value.pdf",
    )
